import type { IterationMatrix } from '../dirk/iteration-matrix.js';
import { NEWTON_MAX_ITERATIONS, NEWTON_RATE_DECAY } from './bdf-coefficients.js';

/** f(t, y) of the iterate y into the Newton's `fy` buffer; the caller counts evaluations. */
export type BdfRhs = (t: number) => void;

/**
 * The simplified Newton iteration of one BDF/NDF step of order k: find y₁ = ŷ + d with
 * d = c·f(t₁, y₁) − ψ, c = h/αₖ, from the predictor ŷ and d = 0, with the factors of I − c·J held by an
 * {@link IterationMatrix} (possibly from earlier steps). As in SciPy's `solve_bdf_system`: at most
 * {@link NEWTON_MAX_ITERATIONS} iterations, failed when θ = ‖Δₖ‖/‖Δₖ₋₁‖ ≥ 1 or θ says the iterations left
 * cannot reach tol. Converged, as in CVODE and LSODA, when ‖Δₖ‖·min(1, ρ) < tol, with ρ a convergence rate
 * carried across steps (the largest of the measured θ and a decayed earlier ρ; 1 after a refactorisation):
 * with factors that contracted well on earlier steps a single iteration may suffice, where SciPy's test
 * always needs two. Norms are RMS of Δ over the weights atol + rtol·|ŷ|.
 */
export class BdfNewton<T> {
  /** Iterations so far (f evaluations of the iteration). */
  iterations = 0;
  /** Iterations of the last solve. */
  lastIterations = 0;
  /** The carried convergence rate ρ; the owner sets it to 1 when the factors change. */
  rate = 1;
  private readonly dy: Float64Array;

  /**
   * @param matrix - the factors of I − c·J
   * @param n - number of state components
   * @param fy - the buffer the right-hand side writes f(t, y) into
   */
  constructor(
    private readonly matrix: IterationMatrix<T>,
    private readonly n: number,
    private readonly fy: Float64Array,
  ) {
    this.dy = new Float64Array(n);
  }

  /**
   * Iterate y (the predictor on entry) and d (zeroed here) until converged (true) or failed (false: y and d
   * are then garbage); `rhs` evaluates f at the current y. `weights` are the error weights, `tol` the convergence
   * threshold in their units; each correction is multiplied by `scale` (2/(1 + c/c_LU) when the factors are
   * those of an older c_LU, CVODE's compensation for the stale matrix; 1 otherwise).
   */
  solve(rhs: BdfRhs, t: number, c: number, psi: Float64Array, y: Float64Array, d: Float64Array, weights: Float64Array, tol: number, scale = 1): boolean {
    const { n, fy, dy } = this;
    d.fill(0);
    let previous = 0;
    this.lastIterations = 0;
    for (let it = 0; it < NEWTON_MAX_ITERATIONS; it++) {
      this.iterations++;
      this.lastIterations++;
      rhs(t);
      for (let i = 0; i < n; i++) dy[i] = c * fy[i] - psi[i] - d[i];
      this.matrix.solve(dy);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const q = (dy[i] *= scale) / weights[i];
        sum += q * q;
      }
      const size = Math.sqrt(sum / n);
      if (!(size < Infinity)) return false;
      if (it > 0) {
        const rate = size / previous;
        if (!(rate < 1) || (Math.pow(rate, NEWTON_MAX_ITERATIONS - it) / (1 - rate)) * size > tol) return false;
        this.rate = Math.max(NEWTON_RATE_DECAY * this.rate, rate);
      }
      for (let i = 0; i < n; i++) {
        y[i] += dy[i];
        d[i] += dy[i];
      }
      if (size * Math.min(1, this.rate) < tol) return true;
      previous = size;
    }
    return false;
  }

  /** Forget the counts (a new solve). */
  reset(): void {
    this.iterations = 0;
    this.lastIterations = 0;
    this.rate = 1;
  }
}
