import type { IterationMatrix } from '../dirk/iteration-matrix.js';
import { JACOBIAN_MAX_AGE, LU_REUSE } from './bdf-coefficients.js';
import type { BdfNewton } from './bdf-newton.js';

/**
 * How old the BDF stepper's Newton matrix is, as CVODE tracks it: the LU of I − c·J is kept while c stays
 * within {@link LU_REUSE} of the c it was built for (the Newton corrections scaled by 2/(1 + c/c_LU) to make
 * up for it, and the carried convergence rate reset whenever the factors change), and J is due for
 * re-evaluation after {@link JACOBIAN_MAX_AGE} accepted steps.
 */
export class FactorAges<T> {
  /** nlu when the factors were last seen, and the c they were built for. */
  private luCount = -1;
  private luC = NaN;
  /** njev when J was last seen, and the accepted steps since. */
  private jacCount = -1;
  private jacAge = 0;

  /**
   * @param matrix - the stepper's iteration matrix
   * @param newton - its Newton iteration (whose carried rate is reset with the factors)
   */
  constructor(
    private readonly matrix: IterationMatrix<T>,
    private readonly newton: BdfNewton<T>,
  ) {}

  /** Whether J should be re-evaluated before the next attempt (none yet, or too many steps old). */
  get jacobianDue(): boolean {
    return !this.matrix.ready || this.jacAge >= JACOBIAN_MAX_AGE;
  }

  /**
   * Make the factors fit c (refactorising only outside the reuse band); returns the scale of the Newton
   * corrections, or NaN when the matrix is singular or overflows.
   */
  prepare(c: number): number {
    const { matrix } = this;
    const factored = matrix.prepare(c, LU_REUSE);
    if (matrix.nlu !== this.luCount) {
      // new factors: the carried convergence rate says nothing about them
      this.luCount = matrix.nlu;
      this.luC = c;
      this.newton.rate = 1;
    }
    if (!factored) return NaN;
    return c === this.luC ? 1 : 2 / (1 + c / this.luC);
  }

  /** Count an accepted step towards J's age (restarted when J was re-evaluated); the factors are no longer fresh. */
  accepted(): void {
    this.matrix.age();
    if (this.matrix.njev !== this.jacCount) {
      this.jacCount = this.matrix.njev;
      this.jacAge = 0;
    } else this.jacAge++;
  }

  /** Forget everything, the matrix's and Newton's counts included (a new solve). */
  reset(): void {
    this.matrix.reset();
    this.newton.reset();
    this.luCount = -1;
    this.luC = NaN;
    this.jacCount = -1;
    this.jacAge = 0;
  }
}
