/**
 * Stable error codes of odeflow. Callers may switch on them; they never change meaning.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'SHAPE_MISMATCH'
  | 'NON_FINITE_STATE'
  | 'NON_FINITE_PARAMETER'
  | 'NON_FINITE_COTANGENT'
  | 'STEP_SIZE_UNDERFLOW'
  | 'MAX_STEPS_EXCEEDED'
  | 'NEWTON_FAILED'
  | 'STIFF_PROBLEM'
  | 'NO_VJP'
  | 'BACKEND_UNAVAILABLE'
  | 'INVALID_SPEC'
  | 'UNSAFE_EXPRESSION'
  | 'EQUATION_TOO_LARGE'
  | 'UNKNOWN_NAME'
  | 'INVALID_TABLEAU'
  | 'UNSUPPORTED'
  | 'IO_ERROR'
  | 'LIMIT_EXCEEDED';

/**
 * The one error class odeflow throws. `code` is stable; `message` says what went wrong and what to do;
 * `details` carries machine-readable context (the offending value, the time reached, a spec path...).
 */
export class OdeflowError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** Structured context for the failure, when there is any. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  /**
   * @param code - stable code of the failure
   * @param message - what went wrong and how to fix it
   * @param details - structured context (optional)
   */
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(`[${code}] ${message}`);
    this.name = 'OdeflowError';
    this.code = code;
    this.details = details;
  }
}

/** True when `e` is an {@link OdeflowError}, optionally with the given code. */
export function isOdeflowError(e: unknown, code?: ErrorCode): e is OdeflowError {
  return e instanceof OdeflowError && (code === undefined || e.code === code);
}
