import type { IterationMatrix } from './iteration-matrix.js';
import type { NewtonSettings } from './newton-options.js';

/** Relative size of an update that is round-off of the iterate. */
const ROUNDOFF = 8 * Number.EPSILON;

/** f(t, z) written into `out` (float64 views of the state); the caller counts evaluations. */
export type StageRhs = (t: number, z: Float64Array, out: Float64Array) => void;

/**
 * The simplified Newton iteration of one diagonally implicit stage, z = base + hγ·f(t, z), with the
 * factors of I − hγ·J held by an {@link IterationMatrix}. Convergence follows Hairer & Wanner (Solving ODEs
 * II, IV.8): θ = ‖Δₖ‖/‖Δₖ₋₁‖, stop when θ/(1 − θ)·‖Δₖ‖ ≤ κ; give up when θ ≥ 1 (divergence) or when θ
 * predicts that the remaining iterations cannot reach κ. Norms are RMS of Δ scaled by the error weights.
 * Unlike Hairer's codes it never stops after one iteration on a rate carried over from earlier solves: on
 * Van der Pol (μ = 1000) that early stop cost one to three correct digits at rtol 1e-4…1e-6.
 */
export class StageNewton<T> {
  /** Iterations so far. */
  iterations = 0;
  /** Largest contraction rate seen since the last {@link StageNewton.clearRate}. */
  maxRate = 0;
  private readonly fz: Float64Array;
  private readonly delta: Float64Array;

  /**
   * @param matrix - the factors of I − hγ·J
   * @param settings - iteration limits and tolerances
   * @param n - number of state components
   */
  constructor(
    private readonly matrix: IterationMatrix<T>,
    private readonly settings: NewtonSettings,
    private readonly n: number,
  ) {
    this.fz = new Float64Array(n);
    this.delta = new Float64Array(n);
  }

  /** Start tracking the largest θ afresh (once per step). */
  clearRate(): void {
    this.maxRate = 0;
  }

  /**
   * Iterate z (holding the predictor on entry) towards z = base + hg·f(t, z) until the predicted error is at
   * most `kappa` (in error-norm units). Returns true when converged;
   * false on divergence, a non-finite iterate or too slow convergence (z is then garbage).
   */
  solve(rhs: StageRhs, t: number, hg: number, base: Float64Array, z: Float64Array, weights: Float64Array, kappa: number): boolean {
    const { n, fz, delta } = this;
    const maxIterations = this.settings.maxIterations;
    let previous = 0;
    for (let it = 0; it < maxIterations; it++) {
      this.iterations++;
      rhs(t, z, fz);
      for (let i = 0; i < n; i++) delta[i] = base[i] + hg * fz[i] - z[i];
      this.matrix.solve(delta);
      let sum = 0;
      let zSum = 0;
      for (let i = 0; i < n; i++) {
        z[i] += delta[i];
        const q = delta[i] / weights[i];
        const r = z[i] / weights[i];
        sum += q * q;
        zSum += r * r;
      }
      const size = Math.sqrt(sum / n);
      // an update at round-off level of z cannot shrink further
      if (size <= ROUNDOFF * Math.sqrt(zSum / n)) return true;
      if (!(size < Infinity)) return false;
      if (it > 0) {
        const theta = size / previous;
        if (theta > this.maxRate) this.maxRate = theta;
        if (!(theta < 1)) return false;
        if ((theta / (1 - theta)) * size <= kappa) return true;
        // the rate says the tolerance cannot be reached within the iterations left
        if ((Math.pow(theta, maxIterations - 1 - it) / (1 - theta)) * size > kappa) return false;
      }
      previous = size;
    }
    return false;
  }

  /** Forget the counts (a new solve). */
  reset(): void {
    this.iterations = 0;
    this.maxRate = 0;
  }
}
