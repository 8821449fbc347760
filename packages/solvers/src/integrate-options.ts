import type { StepSizeController } from '@odeflow/core';

/** Which sign changes of an event function count. */
export type EventDirection = 'rising' | 'falling' | 'both';

/**
 * An event: a zero crossing of g(t, y) located on the dense output to within `tol` in t.
 */
export interface EventSpec<T> {
  /**
   * The event function g(t, y); it must not keep or dispose `y`, and must return a number (NaN is
   * NON_FINITE_STATE). Crossings are seen from g's sign at step ends: bound `dtMax` below half the
   * shortest time between crossings, or two crossings in one step cancel.
   */
  fn: (t: number, y: T) => number;
  /** Crossings counted: 'rising' (− to +), 'falling' (+ to −) or 'both' (default). */
  direction?: EventDirection;
  /** Stop the solve at the first crossing of this event (status `terminated`). Default false. */
  terminal?: boolean;
  /** Tolerance on the event time (default 1e-12·max(1, |t|)). */
  tol?: number;
}

/**
 * The scaled error norm of an attempted step, replacing the default RMS of err/(atol + rtol·max(|y₀|,|y₁|)).
 * A step is accepted when the returned value is ≤ 1. `rtol`/`atol` are the solve's tolerances as the
 * backend's errorNorm takes them (numbers or tensors of y's shape). Must not keep or dispose its inputs.
 */
export type ErrorNormFn<T> = (err: T, y0: T, y1: T, rtol: number | T, atol: number | T) => number;

/**
 * Every option of a solve, in one place. All are optional; unknown keys are refused (a typo must not be
 * silently ignored). Times and step sizes are JS numbers in the units of `ts`.
 */
export interface IntegrateOptions<T = unknown> {
  /** Relative tolerance, scalar or one per component of y (default 1e-7). */
  rtol?: number | readonly number[];
  /** Absolute tolerance, scalar or one per component of y (default 1e-9). */
  atol?: number | readonly number[];
  /** A user error norm (see {@link ErrorNormFn}); e.g. a seminorm that ignores some channels. */
  norm?: ErrorNormFn<T>;
  /** First step size (absolute value); Hairer's heuristic (one extra f evaluation) when absent. */
  firstStep?: number;
  /** Safety factor on the optimal step (default 0.9). */
  safety?: number;
  /** Smallest factor a step may shrink by after a rejection (default 0.2). */
  factorMin?: number;
  /** Largest factor a step may grow by (default 10). */
  factorMax?: number;
  /** Smallest step size; below it the solve ends with `step_size_underflow` (default 0: only when t + dt == t). */
  dtMin?: number;
  /** Largest step size (default ∞). */
  dtMax?: number;
  /**
   * Most attempted steps before the solve ends with `max_steps_exceeded` (default 100000; at most
   * `SOLVE_LIMITS.maxSteps`). A fixed grid with more steps fails before the first one (MAX_STEPS_EXCEEDED).
   */
  maxSteps?: number;
  /** Proportional coefficient of the PI controller (default 0: integral-only control). */
  pcoeff?: number;
  /** Integral coefficient of the PI controller (default 1); the exponent is icoeff/(errorOrder+1). */
  icoeff?: number;
  /** Times the steps must land on exactly (e.g. where data is observed). */
  stepT?: readonly number[];
  /** Discontinuities of f in t: steps land on them and the first stage is re-evaluated after them (FSAL restart). */
  jumpT?: readonly number[];
  /**
   * Fixed step size: required by fixed-step methods unless `grid` is given (without either, the
   * steps are the output times `ts`); with an adaptive method it disables error control.
   */
  stepSize?: number;
  /** Explicit step grid (monotone, from ts[0] to the last output time) instead of `stepSize`. */
  grid?: readonly number[];
  /** Events to locate (see {@link EventSpec}). */
  events?: readonly EventSpec<T>[];
  /** Attach `sol.evaluate(t)`, the dense output over the whole integrated interval (default false). */
  dense?: boolean;
  /**
   * Output at every step instead of at requested times (default false), like SciPy's `solve_ivp` without
   * `t_eval` or diffrax's `SaveAt(steps=True)`: the solution's `ts` are ts[0] followed by the end of every
   * accepted step (so `stats.accepted + 1` of them, ending at ts[1]), its `ys` the states there — each step's
   * own y₁, no interpolation. `ts` then only gives the interval: [t0, t1]. A terminal event ends the outputs
   * at the event (its time and state). Sensitivities: `direct` differentiates these outputs (one ∂L/∂tᵢ per
   * output time); `adjoint` and `checkpointed` refuse them (UNSUPPORTED).
   */
  everyStep?: boolean;
  /**
   * The step-size controller (default a {@link PIController} with the options safety, factorMin,
   * factorMax, pcoeff and icoeff), e.g. one resolved by name from `TOKENS.StepSizeController` — `odeint`
   * and `createOdeflow` take its name. Not used by fixed-step solves (`stepSize`/`grid`, fixed-step methods).
   */
  controller?: StepSizeController;
  /**
   * Stiffness detection of explicit adaptive methods that offer it (dopri5, tsit5): Hairer's estimate of
   * h·ρ(∂f/∂y) on accepted steps; when it stays above the method's stability bound for `steps` accepted
   * steps, the solve ends with status `stiff` (STIFF_PROBLEM) naming the time and the implicit methods to use.
   * Default true; `false` turns it off; an object tunes it (see {@link StiffnessCheckOptions}).
   */
  stiffnessCheck?: boolean | StiffnessCheckOptions;
}

/** Tuning of {@link IntegrateOptions.stiffnessCheck}; defaults are those of Hairer's dopri5.f. */
export interface StiffnessCheckOptions {
  /** |h·ρ| above which a step counts as stiff (default the method's: 3.25 for dopri5 and tsit5). */
  bound?: number;
  /** Stiff steps that end the solve (default 15). */
  steps?: number;
  /** Non-stiff steps in a row that reset the count (default 6). */
  nonStiffSteps?: number;
  /**
   * Accepted steps between two tests while no step looks stiff (default 17, a prime so the tests do not keep
   * hitting the same phase of an oscillating step size; every step is tested once one looks stiff). Testing
   * every step costs a non-stiff solve of a small system about 15% of its time; the default keeps it near 1%.
   */
  every?: number;
}

/** The option keys {@link IntegrateOptions} accepts, for refusing typos. */
export const INTEGRATE_OPTION_KEYS: readonly string[] = Object.freeze([
  'rtol', 'atol', 'norm', 'firstStep', 'safety', 'factorMin', 'factorMax', 'dtMin', 'dtMax', 'maxSteps',
  'pcoeff', 'icoeff', 'stepT', 'jumpT', 'stepSize', 'grid', 'events', 'dense', 'controller', 'everyStep',
  'stiffnessCheck',
]);
