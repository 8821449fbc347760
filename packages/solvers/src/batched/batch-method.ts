import { OdeflowError } from '@odeflow/core';
import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';
import { RungeKuttaPlan } from '../runge-kutta-plan.js';

/** An adaptive explicit Runge–Kutta method as a batched solve runs it (from {@link batchMethod}). */
export interface BatchMethod {
  /** The method. */
  readonly solver: ExplicitRungeKutta;
  /** Its tableau as sparse combinations. @internal */
  readonly plan: RungeKuttaPlan;
  /** Order of its error estimate (the controller's exponent is −1/(errorOrder + 1)). */
  readonly errorOrder: number;
}

const plans = new WeakMap<ExplicitRungeKutta, BatchMethod>();

/**
 * The batched form of `solver`: any adaptive {@link ExplicitRungeKutta} (dopri5, tsit5, dopri8, bosh3, … or
 * one of your own), its plan built once per method.
 * @throws OdeflowError UNSUPPORTED for an implicit, multistep, switching or fixed-step method, naming what to do
 */
export function batchMethod(solver: unknown): BatchMethod {
  const name = (solver as { name?: unknown } | null)?.name;
  if (!(solver instanceof ExplicitRungeKutta) || !solver.adaptive) {
    const fixed = solver instanceof ExplicitRungeKutta;
    throw new OdeflowError(
      'UNSUPPORTED',
      `A batch of initial values (y0 of shape [B, n]) is solved with adaptive explicit Runge–Kutta methods only ` +
        `(dopri5, tsit5, dopri8, bosh3, fehlberg2, adaptive_heun, or an adaptive ExplicitRungeKutta of your own); ` +
        `"${String(name)}" is ${fixed ? 'a fixed-step method' : 'not one'}. Pick one of those, or solve each row with its own odeint call ` +
        `(implicit, multistep and switching methods, events and dense output run there).`,
      { method: name },
    );
  }
  let m = plans.get(solver);
  if (!m) {
    m = { solver, plan: new RungeKuttaPlan(solver), errorOrder: solver.errorOrder ?? solver.order };
    plans.set(solver, m);
  }
  return m;
}
