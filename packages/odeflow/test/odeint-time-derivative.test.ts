import { describe, expect, it } from 'vitest';
import { odeint } from 'odeflow';
import { thrownError } from './helpers/thrown-error.js';

// Prothero–Robinson, y' = λ(y − sin t) + cos t with λ = −1e4, exact solution y = sin t, started at t₀ = 1e6: a
// stiff, non-autonomous problem where a forward difference of f in t (step √ε·|t| ≈ 0.015, across which f's
// t-dependence λ·sin t changes by 1%) gives Rosenbrock methods a poor ∂f/∂t.
const lambda = -1e4;
const T0 = 1e6;
const f = (t: number, y: Float64Array) => [lambda * (y[0] - Math.sin(t)) + Math.cos(t)];
const jacobian = () => [[lambda]];
const dfdt = (t: number) => [-lambda * Math.cos(t) - Math.sin(t)];
const ts = [T0, T0 + 10];
const exact = Math.sin(T0 + 10);

describe('odeint option timeDerivative (exact ∂f/∂t for Rosenbrock methods)', () => {
  it.each(['rodas5p', 'rosenbrock23'])('%s: as accurate as the finite difference in t (within 2×, both far below rtol) and far cheaper', (method) => {
    const opts = { method, rtol: 1e-6, atol: 1e-6, jacobian };
    const fd = odeint(f, [Math.sin(T0)], ts, opts);
    const ex = odeint(f, [Math.sin(T0)], ts, { ...opts, timeDerivative: dfdt });
    const errFd = Math.abs(fd.ys[1][0] - exact);
    const errEx = Math.abs(ex.ys[1][0] - exact);
    expect(errEx).toBeLessThan(1e-6);
    // with the predictive controller rodas5p's two runs end within 5% of each other (3.6e-8 vs 3.5e-8)
    expect(errEx).toBeLessThan(2 * errFd);
    expect(ex.stats.nfe).toBeLessThan(fd.stats.nfe / 2);
  });

  it('rodas5p at rtol 1e-8 succeeds with it, and runs out of steps without it', () => {
    const opts = { method: 'rodas5p', rtol: 1e-8, atol: 1e-8, jacobian, maxSteps: 2000 };
    const ex = odeint(f, [Math.sin(T0)], ts, { ...opts, timeDerivative: dfdt });
    expect(Math.abs(ex.ys[1][0] - exact)).toBeLessThan(1e-8);
    expect(odeint(f, [Math.sin(T0)], ts, { ...opts, throwOnFailure: false }).status).toBe('max_steps_exceeded');
  });

  it('takes the out form too, and explicit methods ignore it', () => {
    let calls = 0;
    const into = (t: number, _y: Float64Array, out: Float64Array) => {
      calls++;
      out[0] = -lambda * Math.cos(t) - Math.sin(t);
    };
    const a = odeint(f, [Math.sin(T0)], ts, { method: 'rodas5p', rtol: 1e-6, atol: 1e-6, jacobian, timeDerivative: dfdt });
    const b = odeint(f, [Math.sin(T0)], ts, { method: 'rodas5p', rtol: 1e-6, atol: 1e-6, jacobian, timeDerivative: into });
    expect(Array.from(b.ys[1])).toEqual(Array.from(a.ys[1]));
    expect(calls).toBe(b.stats.njev);
    calls = 0;
    odeint((t, y) => [Math.cos(t) - y[0]], [0], [0, 1], { method: 'dopri5', timeDerivative: into });
    expect(calls).toBe(0);
  });

  it('refuses bad input with codes', () => {
    const opts = { method: 'rodas5p', jacobian };
    expect(thrownError(() => odeint(f, [0], [0, 1], { ...opts, timeDerivative: 'x' as never })).code).toBe('INVALID_ARGUMENT');
    expect(thrownError(() => odeint(f, [0], [0, 1], { ...opts, timeDerivative: () => [1, 2] })).code).toBe('SHAPE_MISMATCH');
    const e = thrownError(() => odeint(f, [0], [0, 1], { ...opts, timeDerivative: () => [NaN] }));
    expect(e.code).toBe('NON_FINITE_STATE');
    expect(e.message).toMatch(/timeDerivative of f returned NaN for component 0 at t = 0/);
  });
});
