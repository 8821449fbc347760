import { OdeflowError, type JsTensor } from '@odeflow/core';

function nonFinite(block: string, parameter: string, index: number, value: number): OdeflowError {
  return new OdeflowError(
    'NON_FINITE_PARAMETER',
    `${block}: parameter ${parameter} holds ${String(value)} at flat index ${index}; every parameter must be finite ` +
      '(a diverged training step? lower the learning rate, or check the values loaded).',
    { parameter, index, value },
  );
}

/**
 * Throw NON_FINITE_PARAMETER naming the first parameter entry that is NaN or ±Infinity (its name, flat index and
 * value, also in `details`); realisations call it when θ changed, never per f call. A non-finite weight makes every
 * f NaN, which a solver would otherwise only report as a failed solve after its maximum number of steps.
 * @param block - the block's name
 * @param names - the parameters' names, in order
 * @param values - the parameters' values, in order
 */
export function checkFiniteParams(block: string, names: readonly string[], values: readonly ArrayLike<number>[]): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    // x − x is 0 for every finite x and NaN for NaN and ±Infinity
    for (let i = 0; i < v.length; i++) if (v[i] - v[i] !== 0) throw nonFinite(block, names[k], i, v[i]);
  }
}

/** {@link checkFiniteParams} on js tensors, without allocating. */
export function checkFiniteJsParams(block: string, names: readonly string[], params: readonly JsTensor[]): void {
  for (let k = 0; k < params.length; k++) {
    const v = params[k].data;
    for (let i = 0; i < v.length; i++) if (v[i] - v[i] !== 0) throw nonFinite(block, names[k], i, v[i]);
  }
}
