import type { TensorBackend } from '@odeflow/core';

/** Bytes of the data of `xs` on `backend` (8 per float64 element, 4 per float32), as its accounting counts them. */
export function tensorBytes<T>(backend: TensorBackend<T>, xs: readonly T[]): number {
  let n = 0;
  for (const x of xs) n += backend.size(x);
  return n * (backend.dtype === 'float64' ? 8 : 4);
}
