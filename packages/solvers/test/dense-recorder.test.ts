import { dopri8, ExplicitRungeKutta, integrate, vern7, vern9, type StepRecord } from '@odeflow/solvers';
import type { JsTensor } from '@odeflow/core';
import { describe, expect, it } from 'vitest';
import { be, knownExact, knownProblem } from './problems.js';

// A recorder that reads the dense output inside every step (the interpolating adjoint's forward trajectory and
// backward quadrature) declares `dense: true`: every step then records the method's dense-output stages, so
// that its interpolant is the method's own, not one with terms missing.
describe('a dense recorder gets every dense-output stage of every step', () => {
  for (const solver of [dopri8, vern7, vern9] as ExplicitRungeKutta[]) {
    it(`${solver.name}: full records, and each step's interpolant at its midpoint is accurate`, () => {
      const steps: StepRecord<JsTensor>[] = [];
      const plain: number[] = [];
      const y0 = be.fromArray([1, 1]);
      const options = { rtol: 1e-10, atol: 1e-10 };
      const sol = integrate({ backend: be, dynamics: knownProblem, y0, ts: [0, 2], solver, options, recorder: { dense: true, onStep: (r) => steps.push(r) } });
      const ref = integrate({ backend: be, dynamics: knownProblem, y0, ts: [0, 2], solver, options, recorder: { onStep: (r) => plain.push(r.k.length) } });
      expect(sol.status).toBe('success');
      expect(steps.length).toBe(plain.length);
      // without the flag only steps holding an output inside them are interpolated (none here)
      expect(new Set(plain)).toEqual(new Set([solver.recordedStages - solver.denseStages!.c.length]));
      for (const r of steps) {
        expect(r.k).toHaveLength(solver.recordedStages);
        const w = solver.denseWeights(0.5);
        const y = r.y0.toArray().map((v, i) => w.y0 * v + w.y1 * r.y1.data[i] + r.k.reduce((s, k, j) => s + r.dt * w.k[j] * k.data[i], 0));
        const exact = knownExact(r.t0 + 0.5 * r.dt);
        y.forEach((v, i) => expect(Math.abs(v - exact[i])).toBeLessThan(1e-8));
      }
      be.dispose([y0, ...sol.ys, ...ref.ys]);
    });
  }
});
