import type { Container } from 'inversify';
import {
  JsBackend,
  OdeflowError,
  resolveNamed,
  solveStatusError,
  TOKENS,
  type EventRecord,
  type JsTensor,
  type SolveStats,
  type SolveStatus,
  type StepSizeController,
} from '@odeflow/core';
import { DEFAULT_CONTROLLER, DEFAULT_SOLVER, integrate, type EventSpec, type IntegrateOptions } from '@odeflow/solvers';
import { createContainer } from './create-container.js';
import { functionDynamics, type OdeFunction } from './function-dynamics.js';
import type { OdeJacobian } from './function-jacobian.js';

/** An event function of {@link odeint}: g(t, y) on the plain Float64Array state; a crossing of zero is an event. */
export interface OdeintEventSpec extends Omit<EventSpec<Float64Array>, 'fn'> {
  /** g(t, y); must not keep `y` (it is the solver's buffer). */
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
   * err/(atol + rtol·max(|y0|, |y1|)); rtol/atol are numbers or per-component arrays.
   */
  norm?: (err: Float64Array, y0: Float64Array, y1: Float64Array, rtol: number | Float64Array, atol: number | Float64Array) => number;
  /** Name of a registered solver (default `dopri5`). `odeflow solvers` lists them. */
  method?: string;
  /**
   * The step-size controller: the name of one registered under `TOKENS.StepSizeController` in `container`
   * (default `pi`, configured by safety, factorMin, factorMax, pcoeff and icoeff; `constant`; or your own), or
   * a controller object.
   */
  controller?: string | StepSizeController;
  /** Throw an OdeflowError when the solve fails (default true); false returns the partial solution and its status. */
  throwOnFailure?: boolean;
  /** Container to resolve `method` from (default: odeflow's own, created once). Register your solvers there. */
  container?: Container;
  /**
   * ∂f/∂y for implicit methods: `(t, y) => rows` with rows[i][j] = ∂fᵢ/∂yⱼ (or n·n numbers row-major).
   * Checked at every call: a wrong shape is SHAPE_MISMATCH, a NaN or ±∞ entry NON_FINITE_STATE.
   */
  jacobian?: OdeJacobian;
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

const FACADE_KEYS = new Set(['method', 'throwOnFailure', 'container', 'controller', 'jacobian']);

let defaultContainer: Container | undefined;
const backend = new JsBackend();

function toVector(y0: ArrayLike<number>): Float64Array {
  if (y0 === null || typeof y0 !== 'object' || typeof y0.length !== 'number' || y0.length === 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `y0 must be a non-empty array of numbers; got ${String(y0)}.`);
  }
  requireFlat('y0', y0, 'initial values, one per state component');
  const out = Float64Array.from(y0);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new OdeflowError(
        'INVALID_ARGUMENT',
        `y0[${i}] is ${String(y0[i])}; every initial value must be a finite number.`,
        { index: i, value: y0[i] },
      );
    }
  }
  return out;
}

// A nested array (a batch of states, a matrix) or strings would be coerced by Float64Array.from: say what shape is taken.
function requireFlat(name: string, xs: ArrayLike<unknown>, what: string): void {
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v === 'number') continue;
    const nested = v !== null && typeof v === 'object' && typeof (v as ArrayLike<unknown>).length === 'number';
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `${name} must be a flat array or Float64Array of numbers (${what}); ${name}[${i}] is ` +
        (nested
          ? `an array of length ${(v as ArrayLike<unknown>).length}. Batches of problems are not supported yet: solve each one with its own call, or flatten a matrix state into one vector and reshape it inside f.`
          : `${typeof v} ${String(v)}.`),
      { index: i, ...(nested ? { nested: true } : { value: v }) },
    );
  }
}

/**
 * Solve dy/dt = f(t, y) from y(ts[0]) = y0 and return y at every time in `ts` (float64, `js` backend).
 * The torchdiffeq story in one call: `odeint(f, y0, ts, { rtol, atol, method })`.
 *
 * @example
 * ```ts
 * const sol = odeint((t, y) => [y[1], -0.25 * y[1] - 5 * Math.sin(y[0])], [Math.PI - 0.1, 0], ts, { rtol: 1e-10, atol: 1e-10 });
 * ```
 * @throws OdeflowError INVALID_ARGUMENT for bad y0/ts/options (unknown keys included), UNKNOWN_NAME for an
 *   unknown method, SHAPE_MISMATCH / NON_FINITE_STATE when f returns the wrong length or a non-finite value,
 *   MAX_STEPS_EXCEEDED / STEP_SIZE_UNDERFLOW / NEWTON_FAILED when the solve fails (unless `throwOnFailure: false`).
 */
export function odeint(f: OdeFunction, y0: ArrayLike<number>, ts: ArrayLike<number>, options: OdeintOptions = {}): OdeintResult {
  if (typeof f !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `f must be a function (t, y) => dy/dt; got ${typeof f}.`);
  }
  if (options === null || typeof options !== 'object') {
    throw new OdeflowError('INVALID_ARGUMENT', `options must be an object; got ${String(options)}.`);
  }
  const y = toVector(y0);
  if (ts === null || typeof ts !== 'object' || typeof ts.length !== 'number') {
    throw new OdeflowError('INVALID_ARGUMENT', `ts must be an array of output times; got ${String(ts)}.`);
  }
  requireFlat('ts', ts, 'output times, the first is t0');
  const { method = DEFAULT_SOLVER, throwOnFailure = true, container, events, norm, controller = DEFAULT_CONTROLLER, jacobian, ...rest } = options;
  if (jacobian !== undefined && typeof jacobian !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `Option jacobian must be a function (t, y) => rows of ∂f/∂y; got ${typeof jacobian}.`, { option: 'jacobian' });
  }
  const integrateOptions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (!FACADE_KEYS.has(k)) integrateOptions[k] = v;
  // events and norms see the same Float64Array state as f; anything malformed is left for integrate to refuse
  if (events !== undefined) {
    integrateOptions.events = Array.isArray(events)
      ? events.map((e) =>
          e !== null && typeof e === 'object' && typeof e.fn === 'function'
            ? { ...e, fn: (t: number, yt: JsTensor) => e.fn(t, yt.data) }
            : e,
        )
      : events;
  }
  if (norm !== undefined) {
    const data = (x: number | JsTensor) => (typeof x === 'number' ? x : x.data);
    integrateOptions.norm =
      typeof norm === 'function'
        ? (err: JsTensor, a: JsTensor, b: JsTensor, r: number | JsTensor, at: number | JsTensor) => norm(err.data, a.data, b.data, data(r), data(at))
        : norm;
  }
  const c = container ?? (defaultContainer ??= createContainer());
  const solver = resolveNamed(c, TOKENS.Solver, method, 'solver');
  integrateOptions.controller = typeof controller === 'string' ? resolveNamed(c, TOKENS.StepSizeController, controller, 'controller') : controller;
  const y0t = backend.fromArray(y);
  const sol = integrate({
    backend,
    dynamics: functionDynamics(backend, f, y.length, 'f', jacobian),
    y0: y0t,
    ts: Array.from(ts),
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
