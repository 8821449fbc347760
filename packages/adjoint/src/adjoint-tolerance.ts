import { OdeflowError } from '@odeflow/core';

/**
 * A tolerance of the forward problem extended to the adjoint's flat state [z, a, a_θ, a_t]: a scalar stays
 * a scalar; one value per component of y is used for z and for a, and its smallest value for a_θ and a_t;
 * a value per augmented component is taken as it is.
 * @param sizes - sizes of the channels z, a, a_θ, a_t
 */
export function adjointTolerance(
  key: string,
  value: number | readonly number[] | undefined,
  sizes: readonly number[],
): number | number[] | undefined {
  if (value === undefined || typeof value === 'number') return value;
  const [n, , p, q] = sizes;
  const total = 2 * n + p + q;
  if (Array.isArray(value) && value.length === total) return [...value];
  if (Array.isArray(value) && value.length === n && n > 0) {
    const min = Math.min(...value);
    return [...value, ...value, ...new Array<number>(p + q).fill(min)];
  }
  throw new OdeflowError(
    'INVALID_ARGUMENT',
    `${key} must be a number, one value per state component (${n}) or one per adjoint component (${total}); ` +
      `got ${Array.isArray(value) ? `${value.length} values` : String(value)}.`,
    { key },
  );
}
