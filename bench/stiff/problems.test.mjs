// The benchmark problems themselves: f at y0 against values worked out by hand, and each exact Jacobian against
// central finite differences at y0 and at a state inside the solution (the reference, nudged off any zero).
import { describe, expect, it } from 'vitest';
import { PROBLEMS, plainF } from './problems/index.mjs';

const byName = Object.fromEntries(PROBLEMS.map((p) => [p.name, p]));

// f(t0, y0), worked out by hand from the equations (POLLU: only reactions 2, 4, 5, 7, 16, 17 have all reactants at t = 0)
const F_AT_Y0 = {
  robertson: [-0.04, 0.04, 0],
  'robertson-1e11': [-0.04, 0.04, 0],
  hires: [-1.7093, 1.71, 0, 0, 0, 0, 0, 0],
  'vdp-mu1000': [0, -2],
  'vdpol-eps1e-6': [0, -2e6],
  oregonator: [77.27 * (1 - 8.375e-6), -1 / 77.27, -0.322],
  pollu: [0.2128, -0.2128, 7e-4, -0.213514, 1.733e-4, 0, -1.68e-4, 1.693e-4, -1.3e-6, 1.3e-6, 0, 0, 0, 0, 0, 1.4e-5, 0, 0, 0, 0],
  e5: [-1.38864e-12, 1.38864e-12, 1.38864e-12, 0],
};

function finiteDifferenceJacobian(p, t, y) {
  const f = plainF(p);
  const J = new Float64Array(p.n * p.n);
  for (let j = 0; j < p.n; j++) {
    const h = 1e-6 * Math.max(Math.abs(y[j]), 1e-3);
    const yp = Float64Array.from(y);
    const ym = Float64Array.from(y);
    yp[j] += h;
    ym[j] -= h;
    const fp = f(t, yp);
    const fm = f(t, ym);
    for (let i = 0; i < p.n; i++) J[i * p.n + j] = (fp[i] - fm[i]) / (2 * h);
  }
  return J;
}

describe('stiff benchmark problems', () => {
  it('has all eight problems with a reference at the final time and its source', () => {
    expect(PROBLEMS.map((p) => p.name)).toEqual(Object.keys(F_AT_Y0));
    for (const p of PROBLEMS) {
      expect(p.ref?.length, p.name).toBe(p.n);
      expect(p.refSource.length).toBeGreaterThan(5);
      expect(p.y0.length).toBe(p.n);
      expect(p.atol(1e-6)).toBeGreaterThan(0);
    }
  });

  for (const [name, expected] of Object.entries(F_AT_Y0)) {
    it(`${name}: f(t0, y0) matches the hand-checked value`, () => {
      const p = byName[name];
      const got = plainF(p)(p.t0, Float64Array.from(p.y0));
      got.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected[i]))));
    });

    it(`${name}: the exact Jacobian agrees with central differences`, () => {
      const p = byName[name];
      const inside = p.ref.map((v, i) => (v === 0 || Math.abs(v) < 1e-30 ? 1e-3 * (i + 1) : v));
      for (const y of [p.y0.map((v, i) => v + 1e-3 * (i + 1)), inside]) {
        const yy = Float64Array.from(y);
        const exact = new Float64Array(p.n * p.n);
        p.jacobianInto(p.t0, yy, exact);
        const fd = finiteDifferenceJacobian(p, p.t0, yy);
        const scale = Math.max(...exact.map(Math.abs));
        for (let k = 0; k < exact.length; k++) {
          expect(Math.abs(exact[k] - fd[k]), `entry (${Math.floor(k / p.n)}, ${k % p.n})`).toBeLessThanOrEqual(1e-6 * scale + 1e-7 * Math.abs(exact[k]));
        }
      }
    });
  }
});
