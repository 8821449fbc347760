import { OdeflowError, type TensorBackend } from '@odeflow/core';

/**
 * Refuse an f whose value has not y's shape, naming both shapes and the time.
 * @throws OdeflowError SHAPE_MISMATCH when the shapes differ
 */
export function checkShape<T>(backend: TensorBackend<T>, y: T, fy: T, t: number): void {
  const a = backend.shape(y);
  const b = backend.shape(fy);
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `f(t, y) returned shape [${b.join(', ')}] at t = ${t}, but y has shape [${a.join(', ')}]; f must return a tensor of y's shape.`,
      { t, yShape: a, fShape: b },
    );
  }
}
