/** Power iterations per Jacobian: enough for a rough |λ|max once warm-started from the previous Jacobian's. */
const ITERATIONS = 3;

/**
 * An estimate of the spectral radius ρ(J) of a dense Jacobian by power iteration, warm-started from the vector
 * the previous Jacobian of the solve left (the dominant direction changes slowly from step to step), so that a
 * few matrix–vector products (O(n²) each, against the O(n³) factorisation the stiff step performs anyway)
 * follow it. The estimate is the geometric mean growth over the iterations, (‖Jᵐv‖/‖v‖)^(1/m), which also
 * settles for a complex pair of dominant eigenvalues, where single ratios oscillate. Allocates its two
 * vectors once.
 */
export class SpectralRadius {
  /** The latest estimate (∞ when the Jacobian had a non-finite entry: nothing can be told then). */
  value = 0;
  private v: Float64Array;
  private w: Float64Array;

  /** @param n - the dimension of the Jacobians */
  constructor(readonly n: number) {
    this.v = new Float64Array(n);
    this.w = new Float64Array(n);
    this.seed(0);
  }

  // a start vector with no symmetry that could make it orthogonal to the dominant eigenvector of a structured J
  private seed(shift: number): void {
    const v = this.v;
    let s = 0;
    for (let i = 0; i < v.length; i++) {
      v[i] = 1 + (((i + shift) * 0.6180339887498949) % 1);
      s += v[i] * v[i];
    }
    const r = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i] *= r;
  }

  /** Update the estimate from `jac` (row-major n·n) and return it. */
  observe(jac: Float64Array): number {
    const n = this.n;
    let logGrowth = 0;
    for (let it = 0; it < ITERATIONS; it++) {
      const v = this.v;
      const w = this.w;
      let s = 0;
      for (let i = 0; i < n; i++) {
        let x = 0;
        const row = i * n;
        for (let j = 0; j < n; j++) x += jac[row + j] * v[j];
        w[i] = x;
        s += x * x;
      }
      const norm = Math.sqrt(s);
      if (!(norm > 0) || norm === Infinity) {
        // J·v = 0 (v in the kernel) says nothing about the other directions: start again from elsewhere
        this.seed(it + 1);
        this.value = norm === 0 ? 0 : Infinity;
        return this.value;
      }
      logGrowth += Math.log(norm);
      const r = 1 / norm;
      for (let i = 0; i < n; i++) w[i] *= r;
      this.v = w;
      this.w = v;
    }
    this.value = Math.exp(logGrowth / ITERATIONS);
    return this.value;
  }
}
