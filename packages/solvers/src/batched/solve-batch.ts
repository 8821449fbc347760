import { OdeflowError, type SolveStatus } from '@odeflow/core';
import { SOLVE_LIMITS } from '../solve-limits.js';
import type { BatchMethod } from './batch-method.js';
import type { ResolvedBatchOptions } from './batch-options.js';
import { BatchRun, type BatchOutcome } from './batch-run.js';
import type { BatchSolution } from './batch-solution.js';
import type { BatchedOdeFunction } from './batched-ode-function.js';

/** A batch of B problems dy/dt = f(t, y) sharing f, the output times and the tolerances. */
export interface BatchProblem {
  /** The vectorised right-hand side. */
  f: BatchedOdeFunction;
  /** Initial values, B·n numbers row-major (row r is y0[r·n … r·n + n − 1]); finite. */
  y0: Float64Array;
  /** B, the number of problems. */
  rows: number;
  /** n, the components of each. */
  size: number;
  /** Output times, strictly monotone; the first is t₀ of every row. */
  ts: readonly number[];
  /** The method (from {@link batchMethod}). */
  method: BatchMethod;
  /** Validated options (from {@link resolveBatchOptions}). */
  options: ResolvedBatchOptions;
}

/** Numbers of working storage per chunk of rows (128 KiB): within a core's second-level cache, yet few chunks (each round of a chunk has a fixed cost). */
const CHUNK_VALUES = 16384;

function invalid(msg: string, details?: Record<string, unknown>): never {
  throw new OdeflowError('INVALID_ARGUMENT', msg, details);
}

function checkProblem(p: BatchProblem): void {
  const { rows: B, size: n, ts, y0 } = p;
  if (!Number.isInteger(B) || B < 1 || !Number.isInteger(n) || n < 1) invalid(`A batch needs B ≥ 1 rows of n ≥ 1 components; got B = ${B}, n = ${n}.`);
  if (y0.length !== B * n) throw new OdeflowError('SHAPE_MISMATCH', `y0 has ${y0.length} numbers but B·n = ${B}·${n} = ${B * n}.`, { rows: B, size: n });
  if (B * n > SOLVE_LIMITS.stateSize) invalid(`A batch of ${B} rows × ${n} components holds ${B * n} numbers; at most ${SOLVE_LIMITS.stateSize} are accepted. Split the batch.`, { limit: SOLVE_LIMITS.stateSize });
  if (ts.length === 0) invalid('ts must be a non-empty array of output times (the first one is the initial time).');
  if (B * n * ts.length > SOLVE_LIMITS.outputValues) {
    invalid(`B × ts.length × n = ${B} × ${ts.length} × ${n} output values exceed the limit of ${SOLVE_LIMITS.outputValues}; split the batch or ask for fewer output times.`, { limit: SOLVE_LIMITS.outputValues });
  }
  for (let i = 0; i < ts.length; i++) {
    if (typeof ts[i] !== 'number' || !Number.isFinite(ts[i])) invalid(`ts[${i}] = ${String(ts[i])} is not a finite number.`, { index: i });
  }
  const dir = ts.length > 1 && ts[1] < ts[0] ? -1 : 1;
  for (let i = 1; i < ts.length; i++) {
    if (dir * (ts[i] - ts[i - 1]) <= 0) invalid(`ts must be strictly monotone (all increasing or all decreasing); ts[${i - 1}] = ${ts[i - 1]}, ts[${i}] = ${ts[i]}.`, { index: i });
  }
}

/**
 * Solve B problems at once, each with its own step size, error control and acceptance (not one step for the
 * batch): every stage is one call of the vectorised f over the rows still running, and each row then
 * follows exactly the logic of `integrate` for one problem (Hairer's first step, PI control, outputs from the
 * method's dense output), so a row's result equals that problem solved alone with the same method and
 * options. A row that fails (maxSteps, step-size underflow, non-finite values) stops with its status and
 * message; the others run on. Errors thrown by f pass through and end the whole solve.
 *
 * @throws OdeflowError INVALID_ARGUMENT / SHAPE_MISMATCH for a malformed problem (sizes, ts), INVALID_ARGUMENT
 *   when f returns a value instead of writing into `out`
 */
export function solveBatch(problem: BatchProblem): BatchSolution {
  checkProblem(problem);
  const { rows: B, size: n, ts } = problem;
  const T = ts.length;
  const ys = new Float64Array(B * T * n).fill(NaN);
  for (let r = 0; r < B; r++) for (let i = 0; i < n; i++) ys[r * T * n + i] = problem.y0[r * n + i];
  const out: BatchOutcome = {
    status: new Array<SolveStatus>(B).fill('success'),
    messages: new Array<string | undefined>(B).fill(undefined),
    tReached: new Float64Array(B).fill(ts[0]),
    reached: new Int32Array(B).fill(1),
    steps: new Float64Array(B),
    accepted: new Float64Array(B),
    rejected: new Float64Array(B),
  };
  const nfe = new Float64Array(B);
  let calls = 0;
  if (T > 1) {
    // rows are independent: solve them in chunks whose working set (every stage of every row) stays in cache
    const capacity = Math.min(B, Math.max(64, Math.floor(CHUNK_VALUES / (n * (problem.method.plan.recorded + 8)))));
    const run = new BatchRun(problem.f, problem.method, problem.options, ts, ys, out, n, capacity, nfe);
    for (let first = 0; first < B; first += capacity) run.run(first, Math.min(capacity, B - first), problem.y0);
    calls = run.s.calls;
  }
  const sum = (x: Float64Array) => x.reduce((p, v) => p + v, 0);
  const failed: number[] = [];
  out.status.forEach((st, r) => (st === 'success' ? undefined : failed.push(r)));
  return {
    ts: [...ts],
    ys,
    shape: [B, T, n],
    status: out.status,
    messages: out.messages,
    tReached: out.tReached,
    reached: out.reached,
    failed,
    rowStats: { nfe, steps: out.steps, accepted: out.accepted, rejected: out.rejected },
    stats: { nfe: sum(nfe), steps: sum(out.steps), accepted: sum(out.accepted), rejected: sum(out.rejected), njev: 0, nlu: 0, newtonIterations: 0, newtonFailures: 0, calls },
    at(row: number, output: number): Float64Array {
      if (!Number.isInteger(row) || row < 0 || row >= B || !Number.isInteger(output) || output < 0 || output >= T) {
        invalid(`at(row, output): row must be an integer in [0, ${B}) and output in [0, ${T}); got (${String(row)}, ${String(output)}).`);
      }
      const o = (row * T + output) * n;
      return ys.subarray(o, o + n);
    },
  };
}
