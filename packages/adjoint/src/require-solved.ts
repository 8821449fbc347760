import { OdeflowError, type ErrorCode, type Solution } from '@odeflow/core';

const CODES: Record<string, ErrorCode> = {
  max_steps_exceeded: 'MAX_STEPS_EXCEEDED',
  step_size_underflow: 'STEP_SIZE_UNDERFLOW',
  non_finite_state: 'NON_FINITE_STATE',
  newton_failed: 'NEWTON_FAILED',
};

/** Refuse to differentiate a solve that failed: its outputs are not the function the loss was taken of. */
export function requireSolved(solution: Solution<unknown>, method: string): void {
  if (solution.status === 'success' || solution.status === 'terminated') return;
  throw new OdeflowError(
    CODES[solution.status] ?? 'INVALID_ARGUMENT',
    `The forward solve of the "${method}" sensitivity ended with status "${solution.status}", so there is no ` +
      `gradient to take: ${solution.message ?? 'see the solution status'}`,
    { status: solution.status, method },
  );
}
