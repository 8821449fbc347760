import type { Container } from 'inversify';
import { OdeflowError, resolveNamed, SOLVE_STATUS_CODES, TOKENS } from '@odeflow/core';
import {
  batchMethod, DEFAULT_SOLVER, ownOptions, resolveBatchOptions, solveBatch,
  type BatchedOdeFunction, type BatchOptions, type BatchSolution,
} from '@odeflow/solvers';
import { createContainer } from './create-container.js';
import { checkContainer, describe, odeintTimes } from './odeint-arguments.js';
import { batchInput } from './odeint-batch-input.js';

/**
 * Options of {@link odeint} for a batch of initial values (y0 of shape [B, n]): the step control of a single
 * solve (rtol, atol — a number or one per component, shared by the rows —, firstStep, safety, factorMin,
 * factorMax, dtMin, dtMax, maxSteps per row, pcoeff, icoeff), the method, and how a batch is given and fails.
 */
export interface OdeintBatchOptions extends BatchOptions {
  /**
   * [B, n] when y0 is B·n numbers in one Float64Array (or flat array), row-major; with an array of rows it is
   * optional and checked against them.
   */
  shape?: readonly [number, number];
  /** An adaptive explicit Runge–Kutta method registered in `container` (default `dopri5`; also tsit5, dopri8, bosh3, …). */
  method?: string;
  /**
   * Throw when any row fails (default true, as for one problem): after every row has run, an OdeflowError with
   * the first failed row's code, naming the failed rows, whose `details.result` holds the whole result. false
   * returns the result with each row's status.
   */
  throwOnFailure?: boolean;
  /** Container to resolve `method` from (default: odeflow's own). */
  container?: Container;
  /** Only `pi` (the default): every row runs its own PI controller, configured by the options above. */
  controller?: 'pi';
  /** Only false: a batch does not test for stiffness (solve a row alone, or with an implicit method, to have it tested). */
  stiffnessCheck?: false;
}

/** The result of {@link odeint} for a batch: see {@link BatchSolution}. */
export type OdeintBatchResult = BatchSolution;

// options of a single solve that a batch cannot honour, and what to do instead
const SINGLE_ONLY: Readonly<Record<string, string>> = {
  events: 'events', dense: 'dense output', everyStep: 'everyStep', norm: 'a user norm', stepT: 'stepT', jumpT: 'jumpT',
  stepSize: 'fixed steps', grid: 'a fixed grid', jacobian: 'a Jacobian (implicit methods)', jacobianSparsity: 'a Jacobian sparsity (implicit methods)',
  timeDerivative: 'timeDerivative (Rosenbrock methods)',
};
const BATCH_KEYS = new Set(['shape', 'method', 'throwOnFailure', 'container', 'controller', 'stiffnessCheck']);

let defaultContainer: Container | undefined;

function unsupported(what: string, option: string): never {
  throw new OdeflowError(
    'UNSUPPORTED',
    `A batch of initial values (y0 of shape [B, n]) does not support ${what} (option ${option}). Solve the rows that need it with ` +
      'their own odeint call each (a flat y0), or leave the option out.',
    { option },
  );
}

function failureError(result: BatchSolution): OdeflowError {
  const r = result.failed[0];
  const B = result.shape[0];
  const list = result.failed.slice(0, 10).join(', ') + (result.failed.length > 10 ? ', …' : '');
  return new OdeflowError(
    SOLVE_STATUS_CODES[result.status[r]] ?? 'INVALID_ARGUMENT',
    `${result.failed.length} of ${B} rows failed (rows ${list}); the others solved. ${result.messages[r] ?? ''} ` +
      'Pass throwOnFailure: false to get every row with its status; the whole result is also in this error\'s details.result.',
    { rows: result.failed, status: result.status[r], t: result.tReached[r], result },
  );
}

/**
 * `odeint` on a batch: B problems sharing f, ts and the tolerances, each solved with its own step size,
 * error control and acceptance (see `solveBatch` of `@odeflow/solvers`). Called by {@link odeint} when y0 is
 * an array of rows or the options have `shape`.
 * @throws OdeflowError as documented on {@link odeint} for a batch
 */
export function odeintBatch(f: BatchedOdeFunction, y0: unknown, ts: ArrayLike<number>, options: OdeintBatchOptions = {}): OdeintBatchResult {
  if (typeof f !== 'function') throw new OdeflowError('INVALID_ARGUMENT', `f must be a function (t, Y, out, rows) => void; got ${describe(f)}.`);
  const o = ownOptions('options', options) as Record<string, unknown>;
  for (const key of Object.keys(o)) if (key in SINGLE_ONLY && o[key] !== undefined) unsupported(SINGLE_ONLY[key], key);
  if (o.controller !== undefined && o.controller !== 'pi') unsupported(`the controller ${typeof o.controller === 'string' ? `"${o.controller}"` : 'object'} (each row runs its own PI controller)`, 'controller');
  if (o.stiffnessCheck !== undefined && o.stiffnessCheck !== false) unsupported('the stiffness check', 'stiffnessCheck');
  const throwOnFailure = o.throwOnFailure ?? true;
  if (typeof throwOnFailure !== 'boolean') {
    throw new OdeflowError('INVALID_ARGUMENT', `Option throwOnFailure must be a boolean; got ${describe(throwOnFailure)}.`, { option: 'throwOnFailure' });
  }
  const input = batchInput(y0, o.shape);
  const times = odeintTimes(ts);
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!BATCH_KEYS.has(k)) rest[k] = v;
  const resolved = resolveBatchOptions(rest, input.size);
  const c = o.container === undefined ? (defaultContainer ??= createContainer()) : checkContainer(o.container);
  const method = batchMethod(resolveNamed(c, TOKENS.Solver, (o.method as string | undefined) ?? DEFAULT_SOLVER, 'solver'));
  const result = solveBatch({ f, y0: input.y0, rows: input.rows, size: input.size, ts: times, method, options: resolved });
  if (throwOnFailure && result.failed.length > 0) throw failureError(result);
  return result;
}
