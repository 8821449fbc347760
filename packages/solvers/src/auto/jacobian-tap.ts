import type { Dynamics, TensorBackend } from '@odeflow/core';
import type { ErrorNormFn } from '../integrate-options.js';
import { jacobianEvaluator, type EvaluationCounter, type JacobianEvaluator } from '../jacobian-evaluator.js';
import type { StepperContext } from '../stepper.js';
import { SpectralRadius } from './spectral-radius.js';

/**
 * The dynamics of a solve as the stiff method of a switching solve sees it — the same f (and fInto,
 * timeDerivative) and a dense `jacobian` taken from the dynamics' own Jacobian source (its `jacobian`, `jvp` or
 * `vjp`, else finite differences counted into the counter; see `jacobianEvaluator`) — estimating from each
 * Jacobian how stiff the problem is there. The stiff method evaluates J at the start of every step anyway;
 * reading it costs no evaluation. Two estimates of ρ(J): the lower bound |tr J|/n (tr J = Σλᵢ), O(n), which
 * settles "still stiff" in a deep stiff phase; and, only when that bound times the last step is small enough
 * for the answer to matter (`limit`), power iteration ({@link SpectralRadius}, O(n²) per iteration, its vectors
 * allocated on first use). The dynamics' methods are called on the original object, so dynamics that count
 * their own calls still do.
 */
export class JacobianTap<T> implements Dynamics<T> {
  /** |h|·ρ below which the caller counts a step calm; the power iteration runs only when that is in reach. */
  limit = 0;
  /** The last accepted step's |h|, set by the caller. */
  lastStep = Infinity;
  /** The estimate of ρ of the last Jacobian: ∞ when the lower bound already rules a calm step out. */
  radius = Infinity;
  private power: SpectralRadius | undefined;
  private readonly d: Dynamics<T>;
  private readonly source: JacobianEvaluator<T>;
  private readonly n: number;
  /** The solve as the stiff method sees it: the same, with the tap as its dynamics. */
  readonly context: StepperContext<T>;

  /**
   * @param ctx - the solve
   * @param n - number of state components
   * @param counter - what counts the f evaluations of a finite-difference Jacobian
   */
  constructor(ctx: StepperContext<T>, n: number, counter: EvaluationCounter) {
    this.d = ctx.dynamics;
    this.n = n;
    this.source = jacobianEvaluator(ctx.backend, ctx.dynamics, ctx.params, n, { typical: ctx.atol, counter });
    this.context = new TappedContext(ctx, this);
  }

  /**
   * The dynamics to hand the stiff method: the tap itself. Its methods live on the prototype (optional ones
   * behind getters), not in closures made per solve, which made V8 tenure each short solve's objects.
   */
  get dynamics(): Dynamics<T> {
    return this;
  }

  /** The dynamics' name. */
  get name(): string | undefined {
    return this.d.name;
  }

  /** f of the dynamics. */
  f(t: number, y: T, params: readonly T[]): T {
    return this.d.f(t, y, params);
  }

  /** The dynamics' in-place f, when it has one. */
  get fInto(): ((t: number, y: T, params: readonly T[], out: T) => void) | undefined {
    return this.d.fInto === undefined ? undefined : this.fIntoOfDynamics;
  }

  /** The dynamics' ∂f/∂t, when it has one. */
  get timeDerivative(): ((t: number, y: T, params: readonly T[], out: Float64Array) => void) | undefined {
    return this.d.timeDerivative === undefined ? undefined : this.timeDerivativeOfDynamics;
  }

  /** The dense ∂f/∂y from the dynamics' Jacobian source, with the estimate of ρ taken from it. */
  jacobian(t: number, y: T, _params: readonly T[], out: Float64Array): void {
    this.source.evaluate(t, y, out);
    this.estimate(out, this.n);
  }

  private fIntoOfDynamics(t: number, y: T, params: readonly T[], out: T): void {
    this.d.fInto!(t, y, params, out);
  }

  private timeDerivativeOfDynamics(t: number, y: T, params: readonly T[], out: Float64Array): void {
    this.d.timeDerivative!(t, y, params, out);
  }

  // the step this Jacobian serves is at most about the last one (it shrinks near the end of a stiff phase)
  private estimate(jac: Float64Array, n: number): void {
    let trace = 0;
    for (let i = 0; i < n; i++) trace += jac[i * n + i];
    if ((this.lastStep * Math.abs(trace)) / n > this.limit) {
      this.radius = Infinity;
      return;
    }
    this.power ??= new SpectralRadius(n);
    this.radius = this.power.observe(jac);
  }
}

// a class, not an object spread: V8 tenured the spread's allocation site, and with it each short solve's objects
class TappedContext<T> implements StepperContext<T> {
  readonly backend: TensorBackend<T>;
  readonly params: readonly T[];
  readonly rtol: number | T;
  readonly atol: number | T;
  readonly norm: ErrorNormFn<T> | undefined;
  readonly recording: boolean;

  constructor(
    ctx: StepperContext<T>,
    readonly dynamics: Dynamics<T>,
  ) {
    this.backend = ctx.backend;
    this.params = ctx.params;
    this.rtol = ctx.rtol;
    this.atol = ctx.atol;
    this.norm = ctx.norm;
    this.recording = ctx.recording;
  }
}
