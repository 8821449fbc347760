import type { SolveStats, SolveStatus } from '@odeflow/core';

/** Counters of every row of a batched solve, indexed by row (exact integers in float64). */
export interface BatchRowStats {
  /** Evaluations of f per row (its share of every batched call, plus the first-step heuristic). */
  readonly nfe: Float64Array;
  /** Attempted steps per row. */
  readonly steps: Float64Array;
  /** Accepted steps per row. */
  readonly accepted: Float64Array;
  /** Rejected steps per row. */
  readonly rejected: Float64Array;
}

/** Totals over the rows of a batched solve (the implicit-method counters are 0), and the calls of f. */
export interface BatchStats extends SolveStats {
  /** Calls of the vectorised f (each over many rows). */
  calls: number;
}

/**
 * The result of a batched solve of B problems of n components at T output times. Every row ran its own
 * step-size control, so its counters and its status are its own; a failed row leaves the others untouched.
 */
export interface BatchSolution {
  /** The output times (all of `ts`, for every row). */
  readonly ts: number[];
  /**
   * Every output in one block of B·T·n numbers, row-major [B, T, n]: row r at output j is
   * `ys.subarray((r·T + j)·n, (r·T + j + 1)·n)` (see {@link BatchSolution.at}). Outputs a failed row did not
   * reach are NaN.
   */
  readonly ys: Float64Array;
  /** [B, T, n]. */
  readonly shape: readonly [number, number, number];
  /** How each row's solve ended (`success`, `max_steps_exceeded`, `step_size_underflow`, `non_finite_state`). */
  readonly status: SolveStatus[];
  /** Why a row stopped, for rows that did not succeed (undefined for the others). */
  readonly messages: (string | undefined)[];
  /** Where each row stopped: the last output time on success, else the end of its last accepted step. */
  readonly tReached: Float64Array;
  /** How many output times each row reached (T on success); its later outputs are NaN. */
  readonly reached: Int32Array;
  /** The rows that did not succeed, in increasing order (empty when all did). */
  readonly failed: number[];
  /** Counters per row. */
  readonly rowStats: BatchRowStats;
  /** Totals over the rows (nfe, steps, accepted, rejected) and the calls of f. */
  readonly stats: BatchStats;
  /** Row `row` at output `output`: a view of n numbers into `ys` (no copy). */
  at(row: number, output: number): Float64Array;
}
