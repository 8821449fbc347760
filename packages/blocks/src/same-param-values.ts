import type { JsTensor } from '@odeflow/core';

/**
 * Whether the parameters, laid end to end, hold exactly `values` (bit for bit: equal values that are not both
 * zeros are equal bits, ±0 differ, a NaN never matches). Blocks use it to skip re-copying θ that did not change.
 */
export function sameParamValues(params: readonly JsTensor[], values: Float64Array): boolean {
  let o = 0;
  for (let k = 0; k < params.length; k++) {
    const p = params[k].data;
    for (let i = 0; i < p.length; i++, o++) {
      const x = p[i];
      const v = values[o];
      if (x !== v || (x === 0 && 1 / x !== 1 / v)) return false;
    }
  }
  return true;
}
