import { describe, expect, it } from 'vitest';
import { odeint } from 'odeflow';
import { thrownError as caught } from './helpers/thrown-error.js';

// Robertson's kinetics (Hairer & Wanner II, IV.1), stiff over [0, 1e5].
const rober = (_t: number, y: Float64Array) => [
  -0.04 * y[0] + 1e4 * y[1] * y[2],
  0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1],
  3e7 * y[1] * y[1],
];
const roberJac = (_t: number, y: Float64Array) => [
  [-0.04, 1e4 * y[2], 1e4 * y[1]],
  [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
  [0, 6e7 * y[1], 0],
];

// y' = A·y with A = V·diag(−1, −1e4)·V⁻¹, V = [[1, 1], [0, 1]]; from [2, 1]: y = [e^−t + e^−1e4·t, e^−1e4·t].
const A = [
  [-1, 1 - 1e4],
  [0, -1e4],
];
const linear = (_t: number, y: Float64Array) => [A[0][0] * y[0] + A[0][1] * y[1], A[1][0] * y[0] + A[1][1] * y[1]];
const linearExact = (t: number) => [Math.exp(-t) + Math.exp(-1e4 * t), Math.exp(-1e4 * t)];


describe('kvaerno5, implicit_euler and trapezoid through odeint', () => {
  it('converge at their orders with fixed steps on a smooth nonlinear problem (slopes 1, 2, 5)', () => {
    // y' = −y² + cos t·… : a smooth non-stiff scalar with a known solution y = 1/(1 + t) + sin t − sin t = 1/(1 + t)
    const f = (_t: number, y: Float64Array) => [-y[0] * y[0], -0.5 * y[1]];
    const jacobian = (_t: number, y: Float64Array) => [
      [-2 * y[0], 0],
      [0, -0.5],
    ];
    const exact = (t: number) => [1 / (1 + t), Math.exp(-0.5 * t)];
    const slope = (method: string, hs: number[]) => {
      const errs = hs.map((h) => {
        const sol = odeint(f, [1, 1], [0, 2], { method, stepSize: h, jacobian });
        const want = exact(2);
        return Math.max(Math.abs(sol.ys[1][0] - want[0]), Math.abs(sol.ys[1][1] - want[1]));
      });
      return Math.log(errs[0] / errs[errs.length - 1]) / Math.log(hs[0] / hs[hs.length - 1]);
    };
    expect(slope('implicit_euler', [0.02, 0.01, 0.005])).toBeCloseTo(1, 0);
    expect(Math.abs(slope('implicit_euler', [0.02, 0.005]) - 1)).toBeLessThan(0.3);
    expect(Math.abs(slope('trapezoid', [0.1, 0.025]) - 2)).toBeLessThan(0.3);
    expect(Math.abs(slope('kvaerno5', [0.4, 0.1]) - 5)).toBeLessThan(0.3);
  });

  it('kvaerno5 solves Robertson over [0, 1e5] at rtol 1e-6 to the tolerance, in at most a few thousand evaluations', () => {
    const ts = [0, 0.4, 40, 4e3, 1e5];
    // steps land on the output times (stepT): the cubic Hermite dense output is only third order, far less
    // accurate than the steps themselves over Robertson's long late steps
    const sol = odeint(rober, [1, 0, 0], ts, { method: 'kvaerno5', rtol: 1e-6, atol: 1e-10, jacobian: roberJac, stepT: ts });
    const ref = odeint(rober, [1, 0, 0], ts, { method: 'kvaerno5', rtol: 1e-12, atol: 1e-16, jacobian: roberJac, stepT: ts });
    expect(sol.status).toBe('success');
    for (let i = 1; i < ts.length; i++) {
      for (let j = 0; j < 3; j++) {
        const err = Math.abs(sol.ys[i][j] - ref.ys[i][j]);
        expect(err, `t = ${ts[i]}, y${j}`).toBeLessThan(20 * (1e-6 * Math.abs(ref.ys[i][j]) + 1e-10));
      }
    }
    // the published value at t = 1e5 (Hairer & Wanner's reference solution): y₁ = 1.7865...e−2
    expect(ref.ys[4][0]).toBeCloseTo(0.0178659, 6);
    expect(sol.stats.nfe).toBeLessThan(5000);
    expect(sol.stats.njev).toBeGreaterThan(0);
    // the factors are reused across steps: fewer LUs than steps
    expect(sol.stats.nlu).toBeLessThan(sol.stats.steps);
    expect(sol.stats.newtonIterations).toBeGreaterThan(0);
  });

  it('kvaerno5 solves Van der Pol with μ = 1000 over [0, 3000] (dopri5 needs millions of steps there)', () => {
    const mu = 1000;
    const f = (_t: number, y: Float64Array) => [y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]];
    const jacobian = (_t: number, y: Float64Array) => [
      [0, 1],
      [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] * y[0])],
    ];
    const a = odeint(f, [2, 0], [0, 3000], { method: 'kvaerno5', rtol: 1e-6, atol: 1e-6, jacobian });
    const b = odeint(f, [2, 0], [0, 3000], { method: 'kvaerno5', rtol: 1e-9, atol: 1e-9, jacobian });
    expect(a.status).toBe('success');
    expect(a.stats.nfe).toBeLessThan(30000);
    expect(Math.abs(a.ys[1][0] - b.ys[1][0])).toBeLessThan(1e-2);
    // y₀(3000) ≈ −1.5 (the relaxation cycle's slow branch)
    expect(b.ys[1][0]).toBeCloseTo(-1.51, 1);
  });

  it('kvaerno5 matches the exact solution of a stiff linear problem, with dense output and events', () => {
    const ts = Array.from({ length: 21 }, (_, i) => i * 0.1);
    const sol = odeint(linear, [2, 1], ts, {
      method: 'kvaerno5',
      rtol: 1e-8,
      atol: 1e-10,
      jacobian: () => A,
      events: [{ fn: (_t, y) => y[0] - 0.5 }],
    });
    expect(sol.status).toBe('success');
    for (let i = 0; i < ts.length; i++) {
      const want = linearExact(ts[i]);
      expect(Math.abs(sol.ys[i][0] - want[0])).toBeLessThan(1e-6 * Math.abs(want[0]) + 1e-8);
      expect(Math.abs(sol.ys[i][1] - want[1])).toBeLessThan(1e-8);
    }
    expect(sol.events).toHaveLength(1);
    expect(sol.events[0].t).toBeCloseTo(Math.log(2), 5);
    // a stiffness ratio of 1e4 over [0, 2] costs an explicit method ~1e4 steps; the implicit one far fewer
    expect(sol.stats.steps).toBeLessThan(200);
  });

  it('fixed-step implicit_euler solves the stiff linear problem at a step where explicit euler blows up', () => {
    const ts = [0, 0.5, 1, 2];
    const sol = odeint(linear, [2, 1], ts, { method: 'implicit_euler', stepSize: 0.01, jacobian: () => A });
    expect(sol.status).toBe('success');
    for (let i = 1; i < ts.length; i++) {
      const want = linearExact(ts[i]);
      expect(Math.abs(sol.ys[i][0] - want[0])).toBeLessThan(2e-3);
      expect(Math.abs(sol.ys[i][1] - want[1])).toBeLessThan(1e-12);
    }
    // linear f with the exact J: one LU for the whole solve (h·γ never changes), one J
    expect(sol.stats.nlu).toBe(1);
    expect(sol.stats.njev).toBe(1);
    const explicit = odeint(linear, [2, 1], ts, { method: 'euler', stepSize: 0.01, throwOnFailure: false });
    const last = explicit.ys[explicit.ys.length - 1];
    expect(explicit.status === 'non_finite_state' || !(Math.abs(last?.[0]) < 1e6)).toBe(true);
    // the trapezoidal rule is A-stable but not L-stable: stable at h·λ = −100, yet its stiff mode decays only
    // by (1 − 50)/(1 + 50) per step, while implicit Euler damps it to nothing
    const trap = odeint(linear, [2, 1], ts, { method: 'trapezoid', stepSize: 0.01, jacobian: () => A });
    expect(trap.status).toBe('success');
    expect(Math.abs(trap.ys[3][1])).toBeCloseTo((49 / 51) ** 200, 12);
    expect(Math.abs(trap.ys[3][0] - linearExact(2)[0])).toBeLessThan(1e-3);
  });
});

describe('Newton failures of the diagonally implicit methods', () => {
  it('a Jacobian of the wrong sign makes Newton diverge: rejections counted, the adaptive solve still succeeds', () => {
    const sol = odeint(linear, [2, 1], [0, 1], { method: 'kvaerno5', rtol: 1e-6, jacobian: () => A.map((r) => r.map((x) => -x)) });
    expect(sol.status).toBe('success');
    expect(sol.stats.newtonFailures).toBeGreaterThan(0);
    expect(sol.stats.rejected).toBeGreaterThan(0);
    expect(Math.abs(sol.ys[1][0] - linearExact(1)[0])).toBeLessThan(1e-4);
  });

  it('a fixed step whose Newton cannot converge ends the solve with status newton_failed and a coded error', () => {
    const wrong = () => A.map((r) => r.map((x) => -x));
    const sol = odeint(linear, [2, 1], [0, 1], { method: 'implicit_euler', stepSize: 0.01, jacobian: wrong, throwOnFailure: false });
    expect(sol.status).toBe('newton_failed');
    expect(sol.stats.newtonFailures).toBeGreaterThan(0);
    const e = caught(() => odeint(linear, [2, 1], [0, 1], { method: 'implicit_euler', stepSize: 0.01, jacobian: wrong }));
    expect(e.code).toBe('NEWTON_FAILED');
    expect(e.message).toMatch(/t = 0\b/);
  });

  it('a singular iteration matrix rejects the step; when it persists the error names t', () => {
    // f = −y, then −30y from t = 0.25 on: the step from t = 0.2 diverges with the held J = −1, so J is
    // re-evaluated there, and J(0.2) = 1/h makes I − h·J exactly zero for implicit Euler with h = 0.1
    const f = (t: number, y: Float64Array) => [(t < 0.25 ? -1 : -30) * y[0]];
    const jacobian = (t: number) => [[t > 0.15 ? 1 / 0.1 : -1]];
    const sol = odeint(f, [1], [0, 1], { method: 'implicit_euler', stepSize: 0.1, jacobian, throwOnFailure: false });
    expect(sol.status).toBe('newton_failed');
    expect(sol.stats.newtonFailures).toBeGreaterThan(0);
    expect(sol.ts[sol.ts.length - 1]).toBeLessThan(1);
    const e = caught(() => odeint(f, [1], [0, 1], { method: 'implicit_euler', stepSize: 0.1, jacobian }));
    expect(e.code).toBe('NEWTON_FAILED');
    expect(e.message).toMatch(/t = 0\.2/);
  });
});

describe('diagonally implicit methods at the edges of their inputs', () => {
  it('a Jacobian so large that h·γ·J overflows rejects the step instead of failing the factorisation', () => {
    const f = (_t: number, y: Float64Array) => [-y[0]];
    const sol = odeint(f, [1], [0, 4], { method: 'implicit_euler', stepSize: 2, jacobian: () => [[-1e308]], throwOnFailure: false });
    expect(sol.status).toBe('newton_failed');
    expect(sol.stats.newtonFailures).toBeGreaterThan(0);
  });
});
