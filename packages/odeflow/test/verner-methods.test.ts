import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { odeint, type OdeFunctionForms } from 'odeflow';

// vern7 and vern9 through the public odeint: agreement with SciPy's DOP853 at 1e-13 (fixtures), order of
// convergence on fixed steps and under step control, the order of their interpolants, events and dense output.

interface Reference {
  y0: number[];
  ts: number[];
  ys: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/verner-reference.json', import.meta.url), 'utf8')) as Record<string, Reference>;

const lorenz: OdeFunctionForms = (_t, y, out) => {
  out![0] = 10 * (y[1] - y[0]);
  out![1] = y[0] * (28 - y[2]) - y[1];
  out![2] = y[0] * y[1] - (8 / 3) * y[2];
};
const lorenzReturn: OdeFunctionForms = (_t, y) => [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - (8 / 3) * y[2]];

// Pleiades (Hairer–Nørsett–Wanner I, II.10): 7 bodies of masses 1 … 7; state [x, y, x', y']
const pleiades: OdeFunctionForms = (_t, y, out) => {
  const n = 7;
  for (let i = 0; i < n; i++) {
    out![i] = y[2 * n + i];
    out![n + i] = y[3 * n + i];
    let ax = 0;
    let ay = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = y[j] - y[i];
      const dy = y[n + j] - y[n + i];
      const r2 = dx * dx + dy * dy;
      const r3 = r2 * Math.sqrt(r2);
      ax += ((j + 1) * dx) / r3;
      ay += ((j + 1) * dy) / r3;
    }
    out![2 * n + i] = ax;
    out![3 * n + i] = ay;
  }
};

// y' = y·cos t − (y² − e^{2 sin t}): nonlinear and non-autonomous, exact solution e^{sin t} from y(0) = 1
const scalar: OdeFunctionForms = (t, y) => [y[0] * Math.cos(t) - (y[0] * y[0] - Math.exp(2 * Math.sin(t)))];
const exactScalar = (t: number) => Math.exp(Math.sin(t));

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

/** Least-squares slope of log(err) against log(h). */
function slope(hs: number[], errs: number[]): number {
  const x = hs.map(Math.log);
  const y = errs.map(Math.log);
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let num = 0;
  let den = 0;
  x.forEach((xi, i) => {
    num += (xi - mx) * (y[i] - my);
    den += (xi - mx) ** 2;
  });
  return num / den;
}

describe.each([
  { method: 'vern7', order: 7, steps: [8, 12, 16, 24, 32] },
  { method: 'vern9', order: 9, steps: [8, 10, 12, 16, 20] },
])('$method through odeint', ({ method, order, steps }) => {
  it('agrees with SciPy DOP853 at 1e-13 on Lorenz and Pleiades', () => {
    for (const [name, f, bound] of [
      ['lorenz', lorenz, 2e-8],
      ['pleiades', pleiades, 2e-9],
    ] as const) {
      const ref = fixture[name];
      const sol = odeint(f, ref.y0, ref.ts, { method, rtol: 1e-12, atol: 1e-12, maxSteps: 1e6 });
      expect(sol.status).toBe('success');
      const err = Math.max(...ref.ys.map((y, i) => maxDiff(sol.ys[i], y)));
      expect(err, `${name}: ${err.toExponential(2)}`).toBeLessThan(bound);
    }
  });

  it('gives the same solution and counts with f written into out and with f returning an array', () => {
    const a = odeint(lorenz, [1, 1, 1], [0, 1, 2], { method, rtol: 1e-9, atol: 1e-9 });
    const b = odeint(lorenzReturn, [1, 1, 1], [0, 1, 2], { method, rtol: 1e-9, atol: 1e-9 });
    expect(b.stats).toEqual(a.stats);
    expect(b.ys.map((y) => Array.from(y))).toEqual(a.ys.map((y) => Array.from(y)));
  });

  // their principal error coefficients are tiny: before round-off the slope is above the order (the exact
  // order is checked by the order conditions of the tableau in @odeflow/solvers' tests)
  it(`converges with order ≥ ${order} on fixed steps`, () => {
    const T = 4;
    const hs: number[] = [];
    const errs: number[] = [];
    for (const n of steps) {
      const sol = odeint(scalar, [1], [0, T], { method, stepSize: T / n });
      expect(sol.stats.accepted).toBe(n);
      expect(sol.stats.nfe).toBe(n * (order === 7 ? 10 : 16) + 1);
      hs.push(T / n);
      errs.push(Math.abs(sol.ys[1][0] - exactScalar(T)));
    }
    const detail = `errors ${errs.map((e) => e.toExponential(2)).join(' ')}`;
    expect(slope(hs, errs), detail).toBeGreaterThan(order - 0.3);
    expect(slope(hs, errs), detail).toBeLessThan(order + 4);
  });

  it('keeps the global error near the tolerance, with evaluations growing like tol^(−1/order)', () => {
    const tols = [1e-6, 1e-8, 1e-10, 1e-12];
    const nfe: number[] = [];
    for (const tol of tols) {
      const sol = odeint(scalar, [1], [0, 4], { method, rtol: tol, atol: tol });
      const err = Math.abs(sol.ys[1][0] - exactScalar(4));
      expect(err, `tol ${tol}`).toBeLessThan(20 * tol);
      nfe.push(sol.stats.nfe);
    }
    // a 1e6 tightening costs about 10^(6/order) times the evaluations, far below a low-order method's
    const growth = nfe[3] / nfe[0];
    expect(growth).toBeLessThan(2.5 * 10 ** (6 / order));
    expect(growth).toBeGreaterThan(0.4 * 10 ** (6 / order));
  });

  it(`has an interpolant of local order ≥ ${order} inside a step`, () => {
    const hs = [0.4, 0.3, 0.2, 0.15];
    const errs = hs.map((h) => {
      const t0 = 0.3;
      const y0 = exactScalar(t0);
      const sol = odeint(scalar, [y0], [t0, t0 + h], { method, stepSize: h, dense: true });
      return Math.max(...[0.25, 0.5, 0.8].map((th) => Math.abs(sol.evaluate!(t0 + th * h)[0] - exactScalar(t0 + th * h))));
    });
    // local error O(h^(q+1)) of an interpolant of order q
    expect(slope(hs, errs), `errors ${errs.map((e) => e.toExponential(2)).join(' ')}`).toBeGreaterThan(order + 0.5);
  });

  it('locates events and gives dense output on the harmonic oscillator to the tolerance', () => {
    const osc: OdeFunctionForms = (_t, y, out) => {
      out![0] = y[1];
      out![1] = -y[0];
    };
    const sol = odeint(osc, [0, 1], [0, 10], {
      method,
      rtol: 1e-11,
      atol: 1e-11,
      dense: true,
      events: [{ fn: (_t, y) => y[0] }],
    });
    expect(sol.events.map((e) => e.direction)).toEqual([-1, 1, -1]);
    sol.events.forEach((e, i) => expect(Math.abs(e.t - (i + 1) * Math.PI)).toBeLessThan(1e-9));
    let worst = 0;
    for (let t = 0; t <= 10; t += 0.01) worst = Math.max(worst, maxDiff(sol.evaluate!(t), [Math.sin(t), Math.cos(t)]));
    expect(worst).toBeLessThan(1e-9);

    const stop = odeint(osc, [0, 1], [0, 10], { method, rtol: 1e-11, atol: 1e-11, events: [{ fn: (_t, y) => y[0], direction: 'falling', terminal: true }] });
    expect(stop.status).toBe('terminated');
    expect(Math.abs(stop.tReached - Math.PI)).toBeLessThan(1e-9);
  });

  it('detects stiffness (Robertson) within a few thousand evaluations, and solves on when told not to check', () => {
    const robertson: OdeFunctionForms = (_t, y) => [
      -0.04 * y[0] + 1e4 * y[1] * y[2],
      0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1],
      3e7 * y[1] * y[1],
    ];
    const sol = odeint(robertson, [1, 0, 0], [0, 1e5], { method, rtol: 1e-6, atol: 1e-10, throwOnFailure: false });
    expect(sol.status).toBe('stiff');
    expect(sol.stats.nfe).toBeLessThan(5000);
    const on = odeint(robertson, [1, 0, 0], [0, 1], { method, rtol: 1e-6, atol: 1e-10, stiffnessCheck: false, maxSteps: 1e6 });
    expect(on.status).toBe('success');
    expect(on.stats.nfe).toBeGreaterThan(sol.stats.nfe);
  });
});
