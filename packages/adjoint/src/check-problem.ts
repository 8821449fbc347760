import { OdeflowError, type OdeProblem, type TensorBackend } from '@odeflow/core';

/**
 * Refuse a problem whose parts are not what a sensitivity can run, before anything is solved: INVALID_ARGUMENT for a
 * problem that is not an object, dynamics without `f`, a y0 or parameter that is not a live tensor of the backend
 * (null, a plain array, another backend's tensor, a disposed one) or parameters that are not an array;
 * NON_FINITE_PARAMETER for a parameter holding a NaN or ±Infinity (which would otherwise surface as a failed
 * solve after the maximum number of steps). One finiteness check per parameter per run.
 * @param method - the sensitivity (or `solve`), for messages
 */
export function checkProblem<T>(backend: TensorBackend<T>, problem: OdeProblem<T>, method: string): void {
  const p = problem as unknown as Partial<Record<keyof OdeProblem<T>, unknown>> | null;
  if (p === null || typeof p !== 'object') {
    throw new OdeflowError('INVALID_ARGUMENT', `${method}: run expects a problem { dynamics, y0, ts, params }; got ${p === null ? 'null' : typeof p}.`);
  }
  const dynamics = p.dynamics as { f?: unknown } | null | undefined;
  if (dynamics === null || typeof dynamics !== 'object' || typeof dynamics.f !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `${method}: problem.dynamics must be dynamics with an f(t, y, params) method (a realised block's dynamics, equations, ...).`);
  }
  backend.checkTensor?.(p.y0, 'problem.y0');
  if (!Array.isArray(p.params)) {
    throw new OdeflowError('INVALID_ARGUMENT', `${method}: problem.params must be an array of parameter tensors ([] when there are none); got ${p.params === null ? 'null' : typeof p.params}.`);
  }
  const params = p.params as readonly unknown[];
  for (let k = 0; k < params.length; k++) backend.checkTensor?.(params[k], `problem.params[${k}]`);
  for (let k = 0; k < params.length; k++) if (!backend.allFinite(params[k] as T)) throw nonFinite(backend, method, dynamics, params[k] as T, k);
}

/** NON_FINITE_PARAMETER naming parameter k (and its name, when the dynamics have a parameter layout), entry and value. */
function nonFinite<T>(backend: TensorBackend<T>, method: string, dynamics: object, p: T, k: number): OdeflowError {
  const name = (dynamics as { layout?: { paramNames?: readonly unknown[] } }).layout?.paramNames?.[k];
  const values = backend.toFloat64Array(p);
  const index = values.findIndex((v) => !Number.isFinite(v));
  return new OdeflowError(
    'NON_FINITE_PARAMETER',
    `${method}: problem.params[${k}]${typeof name === 'string' ? ` (${name})` : ''} holds ${String(values[index])} at flat index ${index}; ` +
      'every parameter must be finite (a diverged training step? lower the learning rate).',
    { index: k, parameter: name, entry: index, value: values[index] },
  );
}
