import { OdeflowError } from '@odeflow/core';

/**
 * A tolerance of the forward problem for the interpolating adjoint's state a (n components): a scalar stays a
 * scalar, one value per state component is taken as it is, and one per component of the backsolve adjoint's
 * flat state [z, a, a_θ, a_t] gives its a part (so a tolerance written for either adjoint state works).
 * @param n - the state size
 * @param paramSize - the number of parameter entries (the size of a_θ)
 */
export function stateTolerance(key: string, value: number | readonly number[] | undefined, n: number, paramSize: number): number | number[] | undefined {
  if (value === undefined || typeof value === 'number') return value;
  if (Array.isArray(value) && value.length === n && n > 0) return [...value];
  if (Array.isArray(value) && value.length === 2 * n + paramSize + 1) return value.slice(n, 2 * n);
  throw new OdeflowError(
    'INVALID_ARGUMENT',
    `${key} must be a number, one value per state component (${n}) or one per adjoint component (${2 * n + paramSize + 1}); ` +
      `got ${Array.isArray(value) ? `${value.length} values` : String(value)}.`,
    { key },
  );
}
