import type { Dynamics, TensorBackend } from '@odeflow/core';
import type { ErrorNormFn } from '@odeflow/solvers';

/**
 * Hairer's initial step (Solving ODEs I, II.4) measured with a given error norm, as torchdiffeq selects
 * it: d₀ = ‖y₀‖, d₁ = ‖f₀‖, h₀ = 0.01·d₀/d₁, d₂ = ‖f(t₀ + h₀, y₀ + h₀f₀) − f₀‖/h₀, and
 * min(100·h₀, (0.01/max(d₁, d₂))^(1/(q+1))). The adjoint needs it because its norm decides which channels
 * matter: with the seminorm, a parameter adjoint that starts at zero must not force a tiny first step on
 * every backward interval. Costs two evaluations of f. Returns a positive magnitude.
 */
export function normInitialStep<T>(
  backend: TensorBackend<T>,
  dynamics: Dynamics<T>,
  t0: number,
  y0: T,
  direction: 1 | -1,
  errorOrder: number,
  rtol: number | T,
  atol: number | T,
  norm: ErrorNormFn<T>,
): number {
  // ‖x‖ scaled by atol + rtol·|y0|: the error norm of x with y0 = y1 gives exactly that
  const scaled = (x: T) => norm(x, y0, y0, rtol, atol);
  const f0 = dynamics.f(t0, y0, []);
  const d0 = scaled(y0);
  const d1 = scaled(f0);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  const y1 = backend.lincomb([1, direction * h0], [y0, f0]);
  const f1 = dynamics.f(t0 + direction * h0, y1, []);
  const df = backend.lincomb([1 / h0, -1 / h0], [f1, f0]);
  const d2 = scaled(df);
  backend.dispose([f0, y1, f1, df]);
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / (errorOrder + 1));
  return Math.min(100 * h0, h1);
}
