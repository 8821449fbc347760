import { OdeflowError, type Linalg } from '@odeflow/core';
import { jacobianEvaluator, type EvaluationCounter, type JacobianEvaluator } from '../jacobian-evaluator.js';
import type { StepperContext } from '../stepper.js';
import { exactResidual } from './exact-residual.js';
import type { StageBuffers, StageVector } from './stage-buffers.js';

const SQRT_EPS = Math.sqrt(Number.EPSILON);
/**
 * Refine the solves of a step when the smallest absolute tolerance is below this many roundings of the
 * state's largest component: a stage combines solves with coefficients up to ~100 and steps add their
 * rounding up, so below that margin the rounding can reach the accuracy the tolerance asks for.
 */
const REFINE_MARGIN = 1e3;

/**
 * The linear algebra of a Rosenbrock step: J = ∂f/∂y and T = ∂f/∂t at the step's start (t₀, y₀), and the
 * LU factors of W = I − h·γ·J, which every stage of the step solves with. J and T depend on (t₀, y₀) only,
 * so they are evaluated once per step and kept when the step is rejected (only W, which depends on h, is
 * factorised again); a new step starts from a new y₀ and needs a new J, because Rosenbrock methods are of
 * their order only with the exact Jacobian at y₀. Counts njev and nlu. Allocates its buffers once.
 */
export class RosenbrockMatrix<T> {
  /** Jacobian evaluations so far. */
  njev = 0;
  /** LU factorisations so far. */
  nlu = 0;
  /** Whether J and T belong to the current step's start. */
  fresh = false;
  /** ∂f/∂t at the step's start. */
  readonly dT: Float64Array;
  private readonly jac: Float64Array;
  private readonly w: Float64Array;
  /** W before factorisation, for the residual of {@link RosenbrockMatrix.solve}'s refinement. */
  private readonly wFull: Float64Array;
  private readonly rhs: Float64Array;
  private readonly residual: Float64Array;
  private readonly pivots: Int32Array;
  /** The smallest absolute tolerance of the solve. */
  private readonly atolMin: number;
  /** Whether this step's solves are refined (see {@link RosenbrockMatrix.solve}). */
  private refine = false;
  private readonly linalg: Linalg;
  private readonly jacobian: JacobianEvaluator<T>;

  /**
   * @param ctx - the solve
   * @param buffers - the solve's vectors (f evaluations for the time derivative)
   * @param scratch - a vector the finite difference may overwrite
   * @param method - the method's name, for messages
   * @param counter - whose `nfe` counts the f evaluations of a finite-difference Jacobian (the stepper)
   */
  constructor(
    private readonly ctx: StepperContext<T>,
    private readonly buffers: StageBuffers<T>,
    private readonly scratch: StageVector<T>,
    private readonly method: string,
    counter?: EvaluationCounter,
  ) {
    const n = buffers.n;
    const linalg = ctx.backend.linalg;
    if (!linalg) {
      throw new OdeflowError('UNSUPPORTED', `Solver "${method}" factorises matrices, but backend "${ctx.backend.name}" has no linalg capability. Run it on the "js" backend.`);
    }
    this.linalg = linalg;
    this.jacobian = jacobianEvaluator(ctx.backend, ctx.dynamics, ctx.params, n, { typical: ctx.atol, counter });
    this.jac = new Float64Array(n * n);
    this.w = new Float64Array(n * n);
    this.wFull = new Float64Array(n * n);
    this.rhs = new Float64Array(n);
    this.residual = new Float64Array(n);
    this.pivots = new Int32Array(n);
    this.dT = new Float64Array(n);
    this.atolMin = smallest(ctx.backend.toFloat64Array.bind(ctx.backend), ctx.atol);
  }

  /**
   * Evaluate J and T at (t₀, y₀), f₀ = f(t₀, y₀) given: T exactly when the dynamics offers
   * `timeDerivative`, else by a forward difference in the direction of the step h. Returns the number of f
   * evaluations it spent (0 or 1).
   * @throws OdeflowError NON_FINITE_STATE when J has a NaN or infinite entry
   */
  prepare(t0: number, y0: StageVector<T>, f0: StageVector<T>, h: number): number {
    const { dynamics, params } = this.ctx;
    const n = this.buffers.n;
    const y0t = this.buffers.publish(y0);
    this.njev++;
    this.jacobian.evaluate(t0, y0t, this.jac);
    this.checkFinite(t0);
    this.fresh = true;
    let yMax = 0;
    for (let i = 0; i < n; i++) yMax = Math.max(yMax, Math.abs(y0.data[i]));
    this.refine = this.atolMin < REFINE_MARGIN * Number.EPSILON * yMax;
    if (dynamics.timeDerivative) {
      dynamics.timeDerivative(t0, y0t, params, this.dT);
      return 0;
    }
    // the step scales with the solve's time scale: |t₀| when far from 0, |h| near it
    const step = SQRT_EPS * Math.max(Math.abs(t0), Math.abs(h));
    const t1 = h >= 0 ? t0 + step : t0 - step;
    const delta = t1 - t0;
    this.buffers.f(t1, y0, this.scratch);
    const s = this.scratch.data;
    for (let i = 0; i < n; i++) this.dT[i] = (s[i] - f0.data[i]) / delta;
    return 1;
  }

  private checkFinite(t: number): void {
    const n = this.buffers.n;
    const jac = this.jac;
    for (let i = 0; i < n * n; i++) {
      if (!Number.isFinite(jac[i])) {
        const row = Math.floor(i / n);
        throw new OdeflowError(
          'NON_FINITE_STATE',
          `∂f/∂y at t = ${t} has ${jac[i]} in entry (${row}, ${i - row * n}); ${this.method} needs a finite Jacobian. ` +
            'Check the Jacobian (or f) for division by zero or overflow near this time.',
          { t, row, column: i - row * n, value: jac[i] },
        );
      }
    }
  }

  /** Factorise W = I − hγ·J; false when W is singular or overflows (the step must then be rejected). */
  factor(hGamma: number): boolean {
    const n = this.buffers.n;
    const { jac, w } = this;
    for (let i = 0; i < n * n; i++) {
      const v = -hGamma * jac[i];
      // ±∞ (a huge J times a huge step) would make factor throw: a smaller step helps, as for a singular W
      if (v - v !== 0) return false;
      w[i] = v;
    }
    for (let i = 0; i < n; i++) w[i * n + i] += 1;
    if (this.refine) this.wFull.set(w);
    this.nlu++;
    return !this.linalg.factor(w, n, this.pivots);
  }

  /**
   * b ← W⁻¹·b with the factors of the last {@link RosenbrockMatrix.factor}; refined once with a residual
   * summed in double-double ({@link exactResidual}) when the smallest absolute tolerance is finer than
   * double precision resolves beside the state's largest component at the step's start. Without it the solve's rounding, of the size of the
   * largest term W_ij·x_j, leaks into components far smaller than that: a stage is a linear combination of
   * these solves, and Rodas5P's coefficients (up to ~150) multiply such errors. On problems whose small
   * components must keep an absolute accuracy far below the rounding of the large ones (E5's conserved
   * y₂ − y₃ − y₄ of 1e-22 beside fluxes of 1e-5), the unrefined solve returned wrong answers as successes.
   * Elsewhere the refinement changes nothing measurable and costs up to a third of the step, so it is off.
   */
  solve(b: Float64Array): void {
    const n = this.buffers.n;
    const { rhs, residual } = this;
    for (let i = 0; i < n; i++) rhs[i] = b[i];
    this.linalg.solve(this.w, n, this.pivots, b);
    if (!this.refine) return;
    exactResidual(this.wFull, n, rhs, b, residual);
    this.linalg.solve(this.w, n, this.pivots, residual);
    for (let i = 0; i < n; i++) {
      const x = b[i] + residual[i];
      // an overflowing residual (huge W times huge x) refines nothing: keep the unrefined solution
      if (x - x === 0) b[i] = x;
    }
  }
}

/** The smallest entry of a tolerance given as a number or a tensor. */
function smallest<T>(read: (x: T) => Float64Array, tol: number | T): number {
  if (typeof tol === 'number') return tol;
  let m = Infinity;
  for (const v of read(tol)) m = Math.min(m, v);
  return m;
}
