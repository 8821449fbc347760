import { OdeflowError, type OdeProblem, type TensorBackend } from '@odeflow/core';

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new OdeflowError('INVALID_ARGUMENT', message, details);
}

// Whether x is a finite tensor of `backend`; undefined when it is not one of its tensors at all.
function finiteTensor<T>(backend: TensorBackend<T>, x: unknown): boolean | undefined {
  if (x === null || typeof x !== 'object') return undefined;
  try {
    const shape = backend.shape(x as T);
    if (!Array.isArray(shape)) return undefined;
    return backend.allFinite(x as T);
  } catch (e) {
    if (e instanceof OdeflowError) throw e;
    return undefined;
  }
}

/**
 * Check a problem handed to an {@link Odeflow}'s solve, run or valueAndGradients before anything runs:
 * an object with `dynamics.f`, a `y0` tensor of the flow's backend, `ts` an array and `params` an array
 * of finite tensors of that backend (a missing `params` is taken as none). The rest (ts values, y0 finiteness, options) is checked by the solve.
 *
 * @throws OdeflowError INVALID_ARGUMENT naming the field; NON_FINITE_STATE naming the parameter that
 *   holds NaN or ±∞ (a NaN weight would otherwise surface as a failed step-size search)
 */
export function checkProblem<T>(backend: TensorBackend<T>, problem: OdeProblem<T>): OdeProblem<T> {
  if (problem === null || typeof problem !== 'object') invalid('The problem must be an object { dynamics, y0, ts, params }.');
  const { dynamics, y0, ts, params } = problem;
  if (dynamics === null || typeof dynamics !== 'object' || typeof dynamics.f !== 'function') {
    invalid('problem.dynamics must be a Dynamics with a function f(t, y, params) (e.g. from realiseBlock or equationDynamics).', { field: 'dynamics' });
  }
  if (finiteTensor(backend, y0) === undefined) {
    invalid(`problem.y0 must be a tensor of the "${backend.name}" backend; create it with flow.backend.fromArray([...]).`, { field: 'y0' });
  }
  if (!Array.isArray(ts)) invalid('problem.ts must be an array of output times (the first is the initial time).', { field: 'ts' });
  if (params === undefined) return { dynamics, y0, ts, params: [] };
  if (!Array.isArray(params)) invalid('problem.params must be an array of tensors (empty when the dynamics has none).', { field: 'params' });
  // a plain loop, not forEach: a hole in the array must be refused, not skipped
  for (let i = 0; i < params.length; i++) {
    const finite = finiteTensor(backend, params[i]);
    if (finite === undefined) invalid(`problem.params[${i}] is not a tensor of the "${backend.name}" backend; create it with flow.backend.fromArray.`, { field: 'params', index: i });
    if (!finite) {
      throw new OdeflowError(
        'NON_FINITE_STATE',
        `problem.params[${i}] contains NaN or ±Infinity; every parameter must be finite. Check the initialisation, or the learning rate of the step that produced it.`,
        { field: 'params', index: i },
      );
    }
  }
  return problem;
}
