import type { Container } from 'inversify';
import {
  JsBackend,
  OdeflowError,
  resolveNamed,
  solveStatusError,
  TOKENS,
  type EventRecord,
  type JacobianSparsity,
  type JsTensor,
  type SolveStats,
  type SolveStatus,
  type StepSizeController,
} from '@odeflow/core';
import { DEFAULT_CONTROLLER, DEFAULT_SOLVER, integrate, ownOptions, type BatchedOdeFunction, type EventSpec, type IntegrateOptions } from '@odeflow/solvers';
import { createContainer } from './create-container.js';
import { functionDynamics, type OdeFunctionForms } from './function-dynamics.js';
import type { OdeJacobianForms } from './function-jacobian.js';
import { checkContainer, describe, odeintInitialState, odeintTimes } from './odeint-arguments.js';
import { methodControlled } from './method-controlled.js';
import { scratchCopy } from './scratch-copy.js';
import { isBatchInput } from './odeint-batch-input.js';
import { odeintBatch, type OdeintBatchOptions, type OdeintBatchResult } from './odeint-batch.js';

/** An event function of {@link odeint}: g(t, y) on the plain Float64Array state; a crossing of zero is an event. */
export interface OdeintEventSpec extends Omit<EventSpec<Float64Array>, 'fn'> {
  /** g(t, y), a number (NaN is NON_FINITE_STATE); `y` is a copy, reused between calls: do not keep it. */
  fn: (t: number, y: Float64Array) => number;
}

/**
 * Options of {@link odeint}: the integration options of `@odeflow/solvers` (tolerances, step control, `stepT`,
 * `jumpT`, fixed steps, `dense` — see `IntegrateOptions`), with events and a user norm written on plain
 * Float64Arrays, plus the method and failure policy.
 */
export interface OdeintOptions extends Omit<IntegrateOptions, 'events' | 'norm' | 'controller'> {
  /** Event functions on the Float64Array state (see `IntegrateOptions.events`). */
  events?: OdeintEventSpec[];
  /**
   * Scaled error norm of an attempted step (accepted when ≤ 1), replacing the default RMS of
   * err/(atol + rtol·max(|y0|, |y1|)); rtol/atol are numbers or per-component arrays (copies: writing into
   * them changes nothing). It must return a number ≥ 0; a negative value, a non-number or NaN for finite
   * inputs is INVALID_ARGUMENT.
   */
  norm?: (err: Float64Array, y0: Float64Array, y1: Float64Array, rtol: number | Float64Array, atol: number | Float64Array) => number;
  /** Name of a registered solver (default `dopri5`). `odeflow solvers` lists them. */
  method?: string;
  /**
   * The step-size controller: the name of one registered under `TOKENS.StepSizeController` in `container`
   * (default `pi`, configured by safety, factorMin, factorMax, pcoeff and icoeff, except for methods with a
   * controller of their own: rodas5p uses Gustafsson's predictive one; `constant`; or your own), or
   * a controller object.
   */
  controller?: string | StepSizeController;
  /** Throw an OdeflowError when the solve fails (default true); false returns the partial solution and its status. */
  throwOnFailure?: boolean;
  /** Container to resolve `method` from (default: odeflow's own, created once). Register your solvers there. */
  container?: Container;
  /**
   * ∂f/∂y for implicit methods: `(t, y) => rows` with rows[i][j] = ∂fᵢ/∂yⱼ (or n·n numbers row-major), or
   * the fast form `(t, y, out) => void` writing every entry into `out` (n·n row-major Float64Array, reused).
   * Checked at every call: a wrong shape is SHAPE_MISMATCH, a NaN or ±∞ (or unwritten) entry NON_FINITE_STATE.
   */
  jacobian?: OdeJacobianForms;
  /**
   * Which entries of ∂f/∂y may be nonzero, for implicit methods when no `jacobian` is given (they then
   * difference f): n rows of n booleans or a list of [i, j] pairs. Columns that share no row are perturbed
   * together, so a banded system of any size costs a few f evaluations per Jacobian. Checked before the
   * solve: a wrong size is SHAPE_MISMATCH, a malformed entry INVALID_ARGUMENT.
   */
  jacobianSparsity?: JacobianSparsity;
  /**
   * The exact ∂f/∂t for Rosenbrock methods on a non-autonomous f: `(t, y) => n numbers`, or written into `out`
   * as f may be (`(t, y, out) => void`). Without it they difference f in t (one more f evaluation per step,
   * and a truncation error of √ε). Checked at every call like f: a wrong length is SHAPE_MISMATCH, a NaN or
   * ±∞ entry NON_FINITE_STATE; not a function is INVALID_ARGUMENT. Other methods ignore it.
   */
  timeDerivative?: OdeFunctionForms;
}

/** One located event of an {@link odeint} solve. */
export interface OdeintEvent {
  /** Index of the event function in `events`. */
  index: number;
  /** Time of the crossing. */
  t: number;
  /** State at the crossing. */
  y: Float64Array;
  /** +1 rising, −1 falling. */
  direction: 1 | -1;
  /** Whether the event stopped the solve. */
  terminal: boolean;
}

/** The result of {@link odeint}: plain float64 arrays. */
export interface OdeintResult {
  /** Output times reached. */
  ts: number[];
  /** State at each output time. */
  ys: Float64Array[];
  /** Evaluations, steps, accepted and rejected. */
  stats: SolveStats;
  /** How the solve ended. */
  status: SolveStatus;
  /** Where the solve stopped: the last output time on success, else the end of the last accepted step (or a terminal event). */
  tReached: number;
  /** Why the solve stopped, when it did not succeed. */
  message?: string;
  /** Located events. */
  events: OdeintEvent[];
  /** Dense output (with `dense: true`). */
  evaluate?: (t: number) => Float64Array;
}

const FACADE_KEYS = new Set(['method', 'throwOnFailure', 'container', 'controller', 'jacobian', 'jacobianSparsity', 'timeDerivative']);

let defaultContainer: Container | undefined;
const backend = new JsBackend();

/**
 * A batch of B problems: y0 is B rows of n numbers, solved each with its own step size, error control and
 * acceptance by one vectorised f over the rows still running ({@link BatchedOdeFunction}); see
 * {@link OdeintBatchOptions} and {@link OdeintBatchResult}. Adaptive explicit Runge–Kutta methods only.
 */
export function odeint(f: BatchedOdeFunction, y0: readonly ArrayLike<number>[], ts: ArrayLike<number>, options?: OdeintBatchOptions): OdeintBatchResult;
/** A batch of B problems given as B·n numbers (a Float64Array, row-major) with `shape: [B, n]` (see the overload above). */
export function odeint(f: BatchedOdeFunction, y0: ArrayLike<number>, ts: ArrayLike<number>, options: OdeintBatchOptions & { shape: readonly [number, number] }): OdeintBatchResult;
/**
 * Solve dy/dt = f(t, y) from y(ts[0]) = y0 and return y at every time in `ts` (float64, `js` backend).
 * The torchdiffeq story in one call: `odeint(f, y0, ts, { rtol, atol, method })`.
 *
 * @example
 * ```ts
 * const sol = odeint((t, y) => [y[1], -0.25 * y[1] - 5 * Math.sin(y[0])], [Math.PI - 0.1, 0], ts, { rtol: 1e-10, atol: 1e-10 });
 * ```
 * `f` returns dy/dt, or (the fast form, nothing allocated per call) writes it into its third argument:
 * `(t, y, out) => { out[0] = …; }`. `f` gets a copy of the state, so writing into it cannot change the answer. Options are read as own data
 * properties only (see `ownOptions`); sizes are checked against `SOLVE_LIMITS` before anything is allocated.
 *
 * @throws OdeflowError INVALID_ARGUMENT for bad y0/ts/options (unknown, `__proto__`-like or inherited keys, a
 *   non-number from f, a container that is not one, a size over its limit), UNKNOWN_NAME for an unknown method,
 *   SHAPE_MISMATCH / NON_FINITE_STATE when f returns the wrong length or a non-finite value (NON_FINITE_STATE
 *   also for an event function returning NaN), MAX_STEPS_EXCEEDED before the first step when a fixed grid has
 *   more steps than maxSteps, MAX_STEPS_EXCEEDED / STEP_SIZE_UNDERFLOW / NEWTON_FAILED when the solve fails
 *   (unless `throwOnFailure: false`). Errors thrown by your own callbacks pass through unchanged.
 */
export function odeint(f: OdeFunctionForms, y0: ArrayLike<number>, ts: ArrayLike<number>, options?: OdeintOptions): OdeintResult;
export function odeint(f: OdeFunctionForms | BatchedOdeFunction, y0: ArrayLike<number> | readonly ArrayLike<number>[], ts: ArrayLike<number>, options: OdeintOptions = {}): OdeintResult | OdeintBatchResult {
  if (isBatchInput(y0, options)) return odeintBatch(f as BatchedOdeFunction, y0, ts, options as OdeintBatchOptions);
  if (typeof f !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `f must be a function (t, y) => dy/dt; got ${describe(f)}.`);
  }
  if (options === null || typeof options !== 'object') {
    throw new OdeflowError('INVALID_ARGUMENT', `options must be an object; got ${describe(options)}.`);
  }
  const y = odeintInitialState(y0);
  const times = odeintTimes(ts);
  const { method = DEFAULT_SOLVER, throwOnFailure = true, container, events, norm, controller, jacobian, jacobianSparsity, timeDerivative, ...rest } =
    ownOptions('options', options) as OdeintOptions;
  if (jacobian !== undefined && typeof jacobian !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `Option jacobian must be a function (t, y) => rows of ∂f/∂y; got ${typeof jacobian}.`, { option: 'jacobian' });
  }
  if (timeDerivative !== undefined && typeof timeDerivative !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `Option timeDerivative must be a function (t, y) => ∂f/∂t (n numbers); got ${describe(timeDerivative)}.`, { option: 'timeDerivative' });
  }
  if (typeof throwOnFailure !== 'boolean') {
    throw new OdeflowError('INVALID_ARGUMENT', `Option throwOnFailure must be a boolean; got ${describe(throwOnFailure)}.`, { option: 'throwOnFailure' });
  }
  const integrateOptions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (!FACADE_KEYS.has(k)) integrateOptions[k] = v;
  if (events !== undefined) integrateOptions.events = plainEvents(events);
  if (norm !== undefined) integrateOptions.norm = plainNorm(norm);
  const c = container === undefined ? (defaultContainer ??= createContainer()) : checkContainer(container);
  const solver = resolveNamed(c, TOKENS.Solver, method, 'solver');
  // a method with a controller of its own (rodas5p's predictive one) runs it unless one is named
  const named = controller ?? (methodControlled(solver) ? undefined : DEFAULT_CONTROLLER);
  integrateOptions.controller = typeof named === 'string' ? resolveNamed(c, TOKENS.StepSizeController, named, 'controller') : named;
  const y0t = backend.fromArray(y);
  const sol = integrate({
    backend,
    dynamics: functionDynamics(backend, f as OdeFunctionForms, y.length, 'f', jacobian, jacobianSparsity, timeDerivative),
    y0: y0t,
    ts: times,
    solver,
    options: integrateOptions as IntegrateOptions,
  });
  const failure = throwOnFailure ? solveStatusError(sol) : undefined;
  if (failure) throw failure;
  const evaluate = sol.evaluate;
  return {
    ts: sol.ts,
    ys: sol.ys.map((v) => v.data),
    stats: sol.stats,
    status: sol.status,
    tReached: sol.tReached,
    message: sol.message,
    events: sol.events.map((e: EventRecord<typeof y0t>) => ({ ...e, y: e.y.data })),
    evaluate: evaluate ? (t: number) => evaluate(t).data : undefined,
  };
}

// events see copies of the Float64Array state, as f does; anything malformed is left for integrate to refuse
function plainEvents(events: unknown): unknown {
  if (!Array.isArray(events)) return events;
  return Array.from(events, (e: unknown, i) => {
    const spec = ownOptions(`events[${i}]`, e) as unknown as OdeintEventSpec;
    if (typeof spec.fn !== 'function') return e;
    const view = scratchCopy();
    const fn = spec.fn;
    return { ...spec, fn: (t: number, yt: JsTensor) => fn(t, view(yt.data)) };
  });
}

// a user norm on copies of the solver's arrays (writing into them must not change the step)
function plainNorm(norm: unknown): unknown {
  if (typeof norm !== 'function') return norm;
  const [e, a, b, r, at] = [scratchCopy(), scratchCopy(), scratchCopy(), scratchCopy(), scratchCopy()];
  const user = norm as NonNullable<OdeintOptions['norm']>;
  return (err: JsTensor, y0: JsTensor, y1: JsTensor, rt: number | JsTensor, atl: number | JsTensor) =>
    user(e(err.data), a(y0.data), b(y1.data), typeof rt === 'number' ? rt : r(rt.data), typeof atl === 'number' ? atl : at(atl.data));
}
