import type { Linalg } from '@odeflow/core';
import type { JacobianEvaluator } from '../jacobian-evaluator.js';

/**
 * The Newton matrix M = I − hγ·J of a diagonally implicit method and its LU factors, kept across Newton
 * iterations, stages and steps: J is evaluated only when the stepper asks (first step, slow or failed
 * Newton), and M is refactorised only when hγ moved by more than a relative threshold since the last
 * factorisation (or J changed), since an LU costs O(n³) and a stale one only slows Newton down a little.
 */
export class IterationMatrix<T> {
  /** Jacobian evaluations so far. */
  njev = 0;
  /** LU factorisations so far. */
  nlu = 0;
  /** True when J was evaluated at the start of the current step (a retry with a newer J cannot help). */
  fresh = false;
  private readonly jac: Float64Array;
  private readonly lu: Float64Array;
  private readonly pivots: Int32Array;
  private hasJacobian = false;
  /** hγ of the current factors; NaN when there are none. */
  private hg = NaN;

  /**
   * @param evaluator - the solve's ∂f/∂y source
   * @param linalg - the backend's LU
   * @param n - number of state components
   */
  constructor(
    private readonly evaluator: JacobianEvaluator<T>,
    private readonly linalg: Linalg,
    private readonly n: number,
  ) {
    this.jac = new Float64Array(n * n);
    this.lu = new Float64Array(n * n);
    this.pivots = new Int32Array(n);
  }

  /** Whether some J is held (possibly from an earlier step). */
  get ready(): boolean {
    return this.hasJacobian;
  }

  /** J ← ∂f/∂y at (t, y); the factors are then out of date. */
  updateJacobian(t: number, y: T): void {
    this.evaluator.evaluate(t, y, this.jac);
    this.njev++;
    this.hasJacobian = true;
    this.fresh = true;
    this.hg = NaN;
  }

  /**
   * Make the factors those of I − hγ·J, refactorising unless the held ones are for an hγ within the
   * relative `threshold` of this one. Returns false when M is singular or overflows (the step must shrink).
   */
  prepare(hg: number, threshold: number): boolean {
    const old = this.hg;
    if (old === old && Math.abs(hg - old) <= threshold * Math.abs(old)) return true;
    const { n, jac, lu } = this;
    let finite = true;
    for (let i = 0; i < n * n; i++) {
      const v = (lu[i] = -hg * jac[i]);
      if (!(v - v === 0)) finite = false;
    }
    // an overflowing hγ·J is a step too large to factorise: reject it like a singular matrix
    if (!finite) {
      this.hg = NaN;
      return false;
    }
    for (let i = 0; i < n; i++) lu[i * n + i] += 1;
    this.nlu++;
    const singular = this.linalg.factor(lu, n, this.pivots);
    this.hg = singular ? NaN : hg;
    return !singular;
  }

  /** b ← M⁻¹·b with the current factors. */
  solve(b: Float64Array): void {
    this.linalg.solve(this.lu, this.n, this.pivots, b);
  }

  /** Forget the step-local freshness (called when a step is accepted). */
  age(): void {
    this.fresh = false;
  }

  /** Forget everything (a new solve). */
  reset(): void {
    this.njev = 0;
    this.nlu = 0;
    this.fresh = false;
    this.hasJacobian = false;
    this.hg = NaN;
  }
}
