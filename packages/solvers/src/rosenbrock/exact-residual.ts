/** Dekker's splitting constant 2²⁷ + 1: a·SPLIT splits a double into two halves of 26 bits. */
const SPLIT = 134217729;

/**
 * r ← b − A·x for a row-major n·n matrix A, each row summed in double-double arithmetic (Dekker's exact
 * product, Knuth's exact sum) and rounded once at the end. The residual of a linear solve computed in
 * working precision is as inexact as the solve itself; computed this way, one step of iterative
 * refinement (solve A·d = r, x ← x + d) makes x accurate to working precision in each component, even
 * where A mixes components of very different size. A residual that overflows is returned non-finite.
 */
export function exactResidual(a: Float64Array, n: number, b: Float64Array, x: Float64Array, r: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    let c = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const aij = -a[row + j];
      const xj = x[j];
      const p = aij * xj;
      // the rounding error of p, exactly: (ah + al)(xh + xl) − p
      let t = SPLIT * aij;
      const ah = t - (t - aij);
      const al = aij - ah;
      t = SPLIT * xj;
      const xh = t - (t - xj);
      const xl = xj - xh;
      const e = ah * xh - p + ah * xl + al * xh + al * xl;
      // s + p exactly as the pair (sum, error)
      const sum = s + p;
      const z = sum - s;
      c += s - (sum - z) + (p - z) + e;
      s = sum;
    }
    r[i] = s + c;
  }
}
