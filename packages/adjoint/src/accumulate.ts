import type { TensorBackend } from '@odeflow/core';

/**
 * acc + c·x as a tensor the caller owns, consuming `acc` (null stands for zero). On backends with mutable
 * buffers the sum is written into `acc`, so backward passes do not allocate a tensor per contribution.
 */
export function addScaled<T>(backend: TensorBackend<T>, acc: T | null, c: number, x: T): T {
  if (acc === null) return backend.lincomb([c], [x]);
  if (backend.inPlace) {
    backend.inPlace.lincombInto(acc, [1, c], [acc, x]);
    return acc;
  }
  const sum = backend.lincomb([1, c], [acc, x]);
  backend.dispose(acc);
  return sum;
}
