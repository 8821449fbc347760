import type { TensorBackend } from '@odeflow/core';

/**
 * Hairer's initial step (Hairer, Nørsett & Wanner, Solving ODEs I, II.4), as SciPy and torchdiffeq use
 * it: from d₀ = ‖y₀‖, d₁ = ‖f₀‖ (scaled RMS norms) take h₀ = 0.01·d₀/d₁, one Euler step to estimate
 * d₂ = ‖f(t₀+h₀, y₀+h₀f₀) − f₀‖/h₀, and return min(100·h₀, (0.01/max(d₁, d₂))^(1/(q+1))), q the
 * error order. Costs one f evaluation (passed in as `f`). Returns a positive magnitude.
 */
export function initialStep<T>(
  backend: TensorBackend<T>,
  f: (t: number, y: T) => T,
  t0: number,
  y0: T,
  f0: T,
  direction: 1 | -1,
  errorOrder: number,
  rtol: number | T,
  atol: number | T,
): number {
  // ‖x‖ scaled by atol + rtol·|y0|: errorNorm with y1 = y0 gives exactly that
  const d0 = backend.errorNorm(y0, y0, y0, rtol, atol);
  const d1 = backend.errorNorm(f0, y0, y0, rtol, atol);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  const y1 = backend.lincomb([1, direction * h0], [y0, f0]);
  const f1 = f(t0 + direction * h0, y1);
  const df = backend.lincomb([1 / h0, -1 / h0], [f1, f0]);
  const d2 = backend.errorNorm(df, y0, y0, rtol, atol);
  backend.dispose([y1, f1, df]);
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / (errorOrder + 1));
  return Math.min(100 * h0, h1);
}
