/** e^M for a small dense n×n matrix (row-major): scaling and squaring with a 24-term Taylor series. */
export function expm(M: readonly number[], n: number): number[] {
  let norm = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(M[i * n + j]);
    norm = Math.max(norm, s);
  }
  const squarings = Math.max(0, Math.ceil(Math.log2(norm / 0.25)));
  const scale = 2 ** -squarings;
  const A = M.map((x) => x * scale);
  const mul = (X: number[], Y: readonly number[]) => {
    const out = new Array<number>(n * n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i * n + j] += X[i * n + k] * Y[k * n + j];
    return out;
  };
  let term: number[] = Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
  let sum = [...term];
  for (let k = 1; k <= 24; k++) {
    term = mul(term, A).map((x) => x / k);
    sum = sum.map((x, i) => x + term[i]);
  }
  for (let s = 0; s < squarings; s++) sum = mul(sum, sum);
  return sum;
}
