import { OdeflowError } from './odeflow-error.js';

/**
 * Number of elements of a tensor of `shape` (1 for a scalar `[]`).
 * @throws OdeflowError SHAPE_MISMATCH when a dimension is not a non-negative integer
 */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new OdeflowError('SHAPE_MISMATCH', `Invalid shape [${shape.join(', ')}]: dimensions must be non-negative integers.`);
    }
    n *= d;
  }
  return n;
}
