import { JsBackend, OdeflowError, solveStatusError, type EventRecord, type JsTensor, type Solution, type SolveStats, type SolveStatus } from '@odeflow/core';
import { integrate } from '@odeflow/solvers';
import { functionDynamics, type OdeFunctionForms } from './function-dynamics.js';
import { describe, odeintInitialState, odeintTimes } from './odeint-arguments.js';
import { odeintCall, type OdeintCall } from './odeint-call.js';
import type { OdeintOptions } from './odeint-options.js';
import { OutputBlock } from './output-block.js';
import { releaseSlot, takeSlot } from './stepper-slots.js';
import type { BatchedOdeFunction } from '@odeflow/solvers';
import { isBatchInput } from './odeint-batch-input.js';
import { odeintBatch, type OdeintBatchOptions, type OdeintBatchResult } from './odeint-batch.js';

export type { OdeintEventSpec, OdeintOptions } from './odeint-options.js';

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
  /** State at each output time: views (`subarray`) into one Float64Array holding every output, row after row. */
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
 * `(t, y, out) => { out[0] = …; }`. `f` gets a copy of the state, so writing into it cannot change the answer.
 * Its first calls are checked in full (length, types, every component written and finite); later ones are
 * vouched for by each step's error norm — a step with a NaN or ±∞ anywhere is rerun with every call checked,
 * so a NaN from f is still NON_FINITE_STATE naming its time. The outputs are written into one Float64Array:
 * `ys[i]` are views into it. Options are read as own data properties only (see `ownOptions`); sizes are
 * checked against `SOLVE_LIMITS` before anything is allocated.
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
  return solveOne(f as OdeFunctionForms, y, times, odeintCall(options));
}

const NO_PARAMS: readonly JsTensor[] = Object.freeze([]) as readonly JsTensor[];

/** One solve of a single initial state, its outputs written into one block. */
function solveOne(f: OdeFunctionForms, y: Float64Array, times: number[], call: OdeintCall): OdeintResult {
  const n = y.length;
  const block = new OutputBlock(n, call.integrateOptions.everyStep === true ? 64 : times.length);
  const y0t = backend.fromArray(y);
  const dynamics = functionDynamics(backend, f, n, 'f', call.jacobian, call.jacobianSparsity, call.timeDerivative);
  const slot = takeSlot(call.solver, n, dynamics, call.jacobianSparsity !== undefined);
  let sol: Solution<JsTensor> | undefined;
  try {
    sol = integrate({
      backend,
      dynamics: slot?.dynamics ?? dynamics,
      y0: y0t,
      ts: times,
      params: NO_PARAMS,
      solver: call.solver,
      options: call.integrateOptions,
      outputs: block,
      workspace: slot?.workspace,
    });
  } finally {
    if (slot) releaseSlot(slot, sol !== undefined);
  }
  const failure = call.throwOnFailure ? solveStatusError(sol) : undefined;
  if (failure) throw failure;
  const evaluate = sol.evaluate;
  return {
    ts: sol.ts,
    ys: block.rows(sol.ts.length),
    stats: sol.stats,
    status: sol.status,
    tReached: sol.tReached,
    message: sol.message,
    events: sol.events.length === 0 ? [] : sol.events.map((e: EventRecord<JsTensor>) => ({ ...e, y: e.y.data })),
    evaluate: evaluate ? (t: number) => evaluate(t).data : undefined,
  };
}
