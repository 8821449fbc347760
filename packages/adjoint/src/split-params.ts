import type { TensorBackend } from '@odeflow/core';

/** Cut the flat a_θ channel into one tensor per parameter, each of its parameter's shape. */
export function splitParams<T>(backend: TensorBackend<T>, flat: T, params: readonly T[]): T[] {
  if (params.length === 0) return [];
  const pieces = backend.split(flat, params.map((x) => backend.size(x)));
  return pieces.map((piece, j) => {
    const shape = backend.shape(params[j]);
    if (shape.length === 1) return piece;
    const shaped = backend.reshape(piece, shape);
    backend.dispose(piece);
    return shaped;
  });
}
