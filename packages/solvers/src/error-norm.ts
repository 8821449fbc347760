import type { TensorBackend } from '@odeflow/core';
import type { ErrorNormFn } from './integrate-options.js';

/**
 * The scaled error norm of a solve, the one formula the steppers, the first-step heuristic and the
 * adjoint share: the user's `norm` when given, else the backend's RMS of err/(atol + rtol·max(|y₀|, |y₁|)).
 * A value ≤ 1 means within tolerance.
 */
export function errorNorm<T>(
  backend: TensorBackend<T>,
  norm: ErrorNormFn<T> | undefined,
  err: T,
  y0: T,
  y1: T,
  rtol: number | T,
  atol: number | T,
): number {
  return norm ? norm(err, y0, y1, rtol, atol) : backend.errorNorm(err, y0, y1, rtol, atol);
}

/** Hairer's DOP853 combination ‖e₅‖²/√(‖e₅‖² + 0.01‖e₃‖²) of a 5th- and a 3rd-order estimate (already scaled norms). */
export function dop853Norm(n5: number, n3: number): number {
  const d = n5 * n5 + 0.01 * n3 * n3;
  return d === 0 ? 0 : (n5 * n5) / Math.sqrt(d);
}
