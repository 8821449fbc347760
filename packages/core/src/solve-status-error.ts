import { OdeflowError, type ErrorCode } from './odeflow-error.js';
import type { Solution, SolveStatus } from './solution.js';

/** The error code of every status that is a failure; `success` and `terminated` have none. */
export const SOLVE_STATUS_CODES: Readonly<Partial<Record<SolveStatus, ErrorCode>>> = Object.freeze({
  max_steps_exceeded: 'MAX_STEPS_EXCEEDED',
  step_size_underflow: 'STEP_SIZE_UNDERFLOW',
  non_finite_state: 'NON_FINITE_STATE',
  newton_failed: 'NEWTON_FAILED',
  stiff: 'STIFF_PROBLEM',
});

/** How {@link solveStatusError} words and annotates the error. */
export interface SolveStatusErrorContext {
  /** Put before the solution's message, e.g. `ODE stage "x" failed:`. */
  readonly prefix?: string;
  /** Put after it, e.g. what to try in that setting. */
  readonly suffix?: string;
  /** Extra machine-readable context, merged into the details (`status` and `t` are always there). */
  readonly details?: Record<string, unknown>;
}

/**
 * The OdeflowError a failed solve stands for, or undefined when the solve succeeded or ended on a
 * terminal event. The code follows the status (MAX_STEPS_EXCEEDED, STEP_SIZE_UNDERFLOW,
 * NON_FINITE_STATE, NEWTON_FAILED, STIFF_PROBLEM); `details.t` is where the solve stopped ({@link Solution.tReached}). A solve ended by
 * an error f threw gives that error back ({@link Solution.cause}).
 */
export function solveStatusError(
  solution: Pick<Solution<unknown>, 'status' | 'message' | 'tReached' | 'cause'>,
  context: SolveStatusErrorContext = {},
): OdeflowError | undefined {
  const { status } = solution;
  if (status === 'success' || status === 'terminated') return undefined;
  if (solution.cause) return solution.cause;
  const code = SOLVE_STATUS_CODES[status] ?? 'INVALID_ARGUMENT';
  const text = solution.message ?? `The solve ended with status "${status}".`;
  const message = [context.prefix, text, context.suffix].filter((x) => x !== undefined && x !== '').join(' ');
  return new OdeflowError(code, message, { ...context.details, status, t: solution.tReached });
}
