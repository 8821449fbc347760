import { checkProblem as checkProblemTensors } from '@odeflow/adjoint';
import { OdeflowError, type OdeProblem, type TensorBackend } from '@odeflow/core';

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new OdeflowError('INVALID_ARGUMENT', message, details);
}

/**
 * Check a problem handed to an {@link Odeflow}'s solve, run or valueAndGradients before anything runs:
 * an object with `dynamics.f`, a live `y0` tensor of the flow's backend, `ts` an array and `params` an array
 * of finite tensors of that backend (a missing `params` is taken as none). The tensor checks are the
 * sensitivities' own ({@link checkProblemTensors}), so a solve and a run refuse the same inputs with the same
 * codes; the rest (ts values, y0 finiteness, options) is checked by the solve.
 *
 * @param method - what is called (`solve`, `run`), for messages
 * @returns the problem, with `params: []` where it had none
 * @throws OdeflowError INVALID_ARGUMENT naming the field; NON_FINITE_PARAMETER naming the parameter that
 *   holds NaN or ±∞ (a NaN weight would otherwise surface as a failed step-size search)
 */
export function checkProblem<T>(backend: TensorBackend<T>, problem: OdeProblem<T>, method = 'solve'): OdeProblem<T> {
  if (problem === null || typeof problem !== 'object') invalid(`${method}: the problem must be an object { dynamics, y0, ts, params }.`);
  const normalised = problem.params === undefined ? { ...problem, params: [] } : problem;
  checkProblemTensors(backend, normalised, method);
  if (!Array.isArray(normalised.ts)) invalid(`${method}: problem.ts must be an array of output times (the first is the initial time).`, { field: 'ts' });
  // a plain loop: a hole in the array must be refused, not skipped
  for (let i = 0; i < normalised.params.length; i++) {
    if (!(i in normalised.params)) invalid(`${method}: problem.params[${i}] is missing (a hole in the array).`, { field: 'params', index: i });
  }
  return normalised;
}
