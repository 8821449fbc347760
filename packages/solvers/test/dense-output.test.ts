import type { Dynamics, JsTensor } from '@odeflow/core';
import { BUILTIN_SOLVERS, dopri5, dopri8, integrate, tsit5 } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';
import { be, fittedSlope, knownExact, knownProblem, maxErr } from './problems.js';

const problem: Dynamics<JsTensor> = {
  f(t, y) {
    const v = y.data[0];
    return be.fromArray([v * Math.cos(t) - (v * v - Math.exp(2 * Math.sin(t)))]);
  },
  // ∂f/∂y for the implicit methods
  jacobian(t, y, _p, out) {
    out[0] = Math.cos(t) - 2 * y.data[0];
  },
};
const T = 4;
const exact = (t: number) => Math.exp(Math.sin(t));

describe('dense output', () => {
  for (const solver of BUILTIN_SOLVERS) {
    // between steps the error is the step error (order p) plus the interpolation error (order q + 1)
    const expected = Math.min(solver.order, solver.interpolantOrder + 1);
    it(`${solver.name}: error of sol.evaluate between steps converges with order ≥ min(p, q+1) = ${expected}`, () => {
      const base: Record<number, number> = { 1: 256, 2: 128, 3: 64, 4: 48, 5: 48, 7: 8, 8: 16, 9: 8 };
      const n0 = (base[solver.order] ?? 32) * (solver.multistep ? 3 : 1);
      const ns = [n0, n0 * 2, n0 * 4];
      const errs = ns.map((n) => {
        const y0 = be.fromArray([1]);
        const sol = integrate({ backend: be, dynamics: problem, y0, ts: [0, T], solver, options: { stepSize: T / n, dense: true } });
        let m = 0;
        for (let i = 0; i < 200; i++) {
          const t = ((i + 0.37) * T) / 200;
          const y = sol.evaluate!(t);
          m = Math.max(m, Math.abs(y.data[0] - exact(t)));
          be.dispose(y);
        }
        // at the step points the dense output is the solution itself
        const yEnd = sol.evaluate!(T);
        expect(yEnd.data[0]).toBe(sol.ys[1].data[0]);
        be.dispose([y0, yEnd, ...sol.ys]);
        return m;
      });
      const slope = fittedSlope(ns.map((n) => T / n), errs);
      expect(slope, `slope ${slope.toFixed(2)} errors ${errs.map((e) => e.toExponential(2)).join(' ')}`).toBeGreaterThan(expected - 0.3);
    });
  }

  it('adaptive outputs come from the interpolant: output times do not shorten steps, and stay accurate', () => {
    const y0 = be.fromArray([1, 1]);
    const few = integrate({ backend: be, dynamics: knownProblem, y0, ts: [0, 5], solver: dopri5, options: { rtol: 1e-9, atol: 1e-9 } });
    const many = Array.from({ length: 501 }, (_, i) => i * 0.01);
    const dense = integrate({ backend: be, dynamics: knownProblem, y0, ts: many, solver: dopri5, options: { rtol: 1e-9, atol: 1e-9 } });
    expect(dense.stats).toEqual(few.stats);
    for (const solver of [dopri5, tsit5, dopri8]) {
      const sol = integrate({ backend: be, dynamics: knownProblem, y0, ts: many, solver, options: { rtol: 1e-9, atol: 1e-9 } });
      const err = Math.max(...many.map((t, i) => maxErr(sol.ys[i], knownExact(t))));
      expect(err, solver.name).toBeLessThan(3e-8);
      be.dispose(sol.ys);
    }
    be.dispose([y0, ...few.ys, ...dense.ys]);
  });

  it('sol.evaluate covers the whole interval, backward too, and refuses times outside it', () => {
    const y0 = be.fromArray([1, 1]);
    for (const ts of [[0, 3], [3, 0]]) {
      const y = ts[0] === 0 ? y0 : be.fromArray(knownExact(3));
      const sol = integrate({ backend: be, dynamics: knownProblem, y0: y, ts, solver: dopri5, options: { rtol: 1e-10, atol: 1e-10, dense: true } });
      for (const t of [0, 0.123, 1.5, 2.999, 3]) {
        const v = sol.evaluate!(t);
        expect(maxErr(v, knownExact(t))).toBeLessThan(1e-8);
        be.dispose(v);
      }
      expect(() => sol.evaluate!(3.5)).toThrow(/integrated interval/);
      expect(() => sol.evaluate!(-0.1)).toThrow(/integrated interval/);
      be.dispose(sol.ys);
    }
    const noDense = integrate({ backend: be, dynamics: knownProblem, y0, ts: [0, 1], solver: dopri5 });
    expect(noDense.evaluate).toBeUndefined();
    be.dispose([y0, ...noDense.ys]);
  });
});
