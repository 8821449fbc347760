import { solveStatusError, type Solution } from '@odeflow/core';

/** Refuse to differentiate a solve that failed: its outputs are not the function the loss was taken of. */
export function requireSolved(solution: Solution<unknown>, method: string): void {
  const error = solveStatusError(solution, {
    prefix: `The forward solve of the "${method}" sensitivity ended with status "${solution.status}", so there is no gradient to take:`,
    details: { method },
  });
  if (error) throw error;
}
