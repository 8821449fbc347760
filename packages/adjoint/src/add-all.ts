import type { TensorBackend } from '@odeflow/core';

/** acc + Σ xs, consuming acc (in place where the backend allows it). */
export function addAll<T>(backend: TensorBackend<T>, acc: T, xs: readonly T[]): T {
  const coeffs = [1, ...xs.map(() => 1)];
  if (backend.inPlace) {
    backend.inPlace.lincombInto(acc, coeffs, [acc, ...xs]);
    return acc;
  }
  const sum = backend.lincomb(coeffs, [acc, ...xs]);
  backend.dispose(acc);
  return sum;
}
