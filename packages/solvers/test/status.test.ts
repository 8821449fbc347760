import type { Dynamics, JsTensor } from '@odeflow/core';
import { dopri5, euler, integrate } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';
import { be, knownProblem, lorenz } from './problems.js';

describe('solve failures return a status with a message naming the fix (never throw)', () => {
  it('max_steps_exceeded reports the t reached and keeps the outputs reached', () => {
    const y0 = be.fromArray([1, 0, 0]);
    const ts = [0, 0.01, 0.02, 20];
    const sol = integrate({ backend: be, dynamics: lorenz, y0, ts, solver: dopri5, options: { rtol: 1e-10, atol: 1e-10, maxSteps: 50 } });
    expect(sol.status).toBe('max_steps_exceeded');
    expect(sol.message).toMatch(/maxSteps = 50 at t = \d/);
    expect(sol.message).toMatch(/Raise maxSteps/);
    expect(sol.stats.steps).toBe(50);
    expect(sol.ts).toEqual(ts.slice(0, sol.ys.length));
    expect(sol.ys.length).toBeGreaterThanOrEqual(3);
    expect(sol.ys.length).toBeLessThan(4);
    be.dispose([y0, ...sol.ys]);
  });

  it('step_size_underflow at a finite-time blow-up names t and the hints', () => {
    // y' = y², y(0) = 1 blows up at t = 1
    const blowUp: Dynamics<JsTensor> = { f: (_t, y) => be.fromArray([y.data[0] * y.data[0]]) };
    const y0 = be.fromArray([1]);
    const sol = integrate({ backend: be, dynamics: blowUp, y0, ts: [0, 2], solver: dopri5, options: { dtMin: 1e-8 } });
    expect(sol.status).toBe('step_size_underflow');
    const t = Number(/at t = ([0-9.e-]+)/.exec(sol.message ?? '')?.[1]);
    expect(Math.abs(t - 1)).toBeLessThan(1e-3);
    expect(sol.message).toMatch(/stiff.*implicit method/);
    expect(sol.message).toMatch(/dtMin/);
    be.dispose([y0, ...sol.ys]);
  });

  it('non_finite_state when f returns NaN, naming t', () => {
    const nanAfter: Dynamics<JsTensor> = { f: (t, y) => be.fromArray([t > 0.5 ? NaN : -y.data[0]]) };
    const y0 = be.fromArray([1]);
    const adaptive = integrate({ backend: be, dynamics: nanAfter, y0, ts: [0, 1], solver: dopri5 });
    expect(adaptive.status).toBe('non_finite_state');
    expect(adaptive.message).toMatch(/near t = 0\.[45]/);
    const fixed = integrate({ backend: be, dynamics: nanAfter, y0, ts: [0, 1], solver: euler, options: { stepSize: 0.1 } });
    expect(fixed.status).toBe('non_finite_state');
    expect(fixed.message).toMatch(/from t = 0\.6\d* to t = 0\.7/);
    be.dispose([y0, ...adaptive.ys, ...fixed.ys]);
  });

  it('a single output time returns y0 without stepping', () => {
    const y0 = be.fromArray([1, 1]);
    const sol = integrate({ backend: be, dynamics: knownProblem, y0, ts: [3], solver: dopri5 });
    expect(sol.status).toBe('success');
    expect(sol.ys[0].toArray()).toEqual([1, 1]);
    expect(sol.ys[0]).not.toBe(y0);
    expect(sol.stats.nfe).toBe(0);
    be.dispose([y0, ...sol.ys]);
  });
});
