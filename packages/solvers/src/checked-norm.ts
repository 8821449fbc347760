import { OdeflowError, type TensorBackend } from '@odeflow/core';
import type { ErrorNormFn } from './integrate-options.js';

/**
 * A user error norm that answers for what it returns: a number ≥ 0 (or +∞, reject) passes; a negative
 * value, a non-number, or NaN from finite inputs is the norm's own fault and throws, instead of turning the
 * step size into NaN. NaN from a non-finite attempt is passed on: the loop rejects that step as it would
 * with the default norm. Costs one comparison per step (the finiteness check only runs on NaN).
 */
export function checkedNorm<T>(backend: TensorBackend<T>, norm: ErrorNormFn<T>): ErrorNormFn<T> {
  return (err, y0, y1, rtol, atol) => {
    const v = norm(err, y0, y1, rtol, atol);
    if (typeof v === 'number' && v >= 0) return v;
    if (typeof v === 'number' && v !== v && !(backend.allFinite(err) && backend.allFinite(y1))) return v;
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `Option norm returned ${typeof v === 'number' ? String(v) : `a ${typeof v}`} for an attempted step with finite values; ` +
        'a norm must return a number ≥ 0 (a step is accepted when it is ≤ 1). Check the formula (a missing Math.abs or sqrt of a negative number).',
      { option: 'norm', value: typeof v === 'number' ? v : String(v) },
    );
  };
}
