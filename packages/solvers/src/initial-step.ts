import type { TensorBackend } from '@odeflow/core';
import { errorNorm } from './error-norm.js';
import type { ErrorNormFn } from './integrate-options.js';

/**
 * Hairer's initial step (Hairer, Nørsett & Wanner, Solving ODEs I, II.4), as SciPy and torchdiffeq use
 * it: from d₀ = ‖y₀‖, d₁ = ‖f₀‖ (scaled norms) take h₀ = 0.01·d₀/d₁, one Euler step to estimate
 * d₂ = ‖f(t₀+h₀, y₀+h₀f₀) − f₀‖/h₀, and return min(100·h₀, (0.01/max(d₁, d₂))^(1/(q+1))), q the
 * error order. ‖·‖ is the solve's error norm (`norm` when given — e.g. the adjoint's seminorm, which must
 * not let a channel that starts at zero force a tiny first step — else the backend's RMS), taken with
 * y₀ = y₁ so that it scales by atol + rtol·|y₀|. Costs one f evaluation (passed in as `f`). Returns a
 * positive magnitude.
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
  norm?: ErrorNormFn<T>,
): number {
  const scaled = (x: T) => errorNorm(backend, norm, x, y0, y0, rtol, atol);
  const d0 = scaled(y0);
  const d1 = scaled(f0);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  const y1 = backend.lincomb([1, direction * h0], [y0, f0]);
  let f1: T | undefined;
  let df: T | undefined;
  try {
    f1 = f(t0 + direction * h0, y1);
    df = backend.lincomb([1 / h0, -1 / h0], [f1, f0]);
    const d2 = scaled(df);
    const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / (errorOrder + 1));
    return Math.min(100 * h0, h1);
  } finally {
    backend.dispose(y1);
    if (f1 !== undefined) backend.dispose(f1);
    if (df !== undefined) backend.dispose(df);
  }
}
