import { OdeflowError, type TensorBackend } from '@odeflow/core';

/**
 * Refuse cotangents that are not one tensor of y0's shape per output time, with SHAPE_MISMATCH.
 * @param count - number of outputs of the solution
 * @param shape - shape of y0
 */
export function checkCotangents<T>(backend: TensorBackend<T>, cotangents: readonly T[], count: number, shape: readonly number[]): void {
  if (!Array.isArray(cotangents) || cotangents.length !== count) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `backward needs one cotangent ∂L/∂y(tᵢ) per output time: expected ${count}, got ${Array.isArray(cotangents) ? cotangents.length : String(cotangents)}. ` +
        'Pass a zero tensor for outputs the loss does not use.',
      { expected: count, got: Array.isArray(cotangents) ? cotangents.length : undefined },
    );
  }
  for (let i = 0; i < count; i++) {
    const s = backend.shape(cotangents[i]);
    if (s.length !== shape.length || s.some((d, j) => d !== shape[j])) {
      throw new OdeflowError(
        'SHAPE_MISMATCH',
        `Cotangent ${i} has shape [${s.join(', ')}]; every cotangent must have y0's shape [${shape.join(', ')}].`,
        { index: i, expected: [...shape], got: [...s] },
      );
    }
  }
}
