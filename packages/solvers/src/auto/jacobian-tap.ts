import type { Dynamics } from '@odeflow/core';
import { jacobianEvaluator, type EvaluationCounter } from '../jacobian-evaluator.js';
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
export class JacobianTap<T> {
  /** The dynamics to hand the stiff method. */
  readonly dynamics: Dynamics<T>;
  /** |h|·ρ below which the caller counts a step calm; the power iteration runs only when that is in reach. */
  limit = 0;
  /** The last accepted step's |h|, set by the caller. */
  lastStep = Infinity;
  /** The estimate of ρ of the last Jacobian: ∞ when the lower bound already rules a calm step out. */
  radius = Infinity;
  private power: SpectralRadius | undefined;

  /**
   * @param ctx - the solve
   * @param n - number of state components
   * @param counter - what counts the f evaluations of a finite-difference Jacobian
   */
  constructor(ctx: StepperContext<T>, n: number, counter: EvaluationCounter) {
    const d = ctx.dynamics;
    const source = jacobianEvaluator(ctx.backend, d, ctx.params, n, { typical: ctx.atol, counter });
    const tapped: Dynamics<T> = {
      ...(d.name !== undefined ? { name: d.name } : {}),
      f: (t, y, p) => d.f(t, y, p),
      jacobian: (t, y, _p, out) => {
        source.evaluate(t, y, out);
        this.estimate(out, n);
      },
    };
    const fInto = d.fInto;
    if (fInto) tapped.fInto = (t, y, p, out) => fInto.call(d, t, y, p, out);
    const timeDerivative = d.timeDerivative;
    if (timeDerivative) tapped.timeDerivative = (t, y, p, out) => timeDerivative.call(d, t, y, p, out);
    this.dynamics = tapped;
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
