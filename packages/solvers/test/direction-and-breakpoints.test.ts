import type { Dynamics, JsTensor } from '@odeflow/core';
import { BUILTIN_SOLVERS, dopri5, integrate, justBefore, rk4, type StepRecord } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';
import { be, knownExact, knownProblem, maxErr } from './problems.js';

describe('backward integration', () => {
  for (const solver of BUILTIN_SOLVERS) {
    it(`${solver.name}: integrating back from y(3) over decreasing ts agrees with the forward solve`, () => {
      const ts = [0, 0.5, 1.25, 2, 3];
      const lowOrder = solver.order <= 2;
      const options = solver.adaptive
        ? { rtol: lowOrder ? 1e-8 : 1e-10, atol: lowOrder ? 1e-8 : 1e-10 }
        : { stepSize: solver.order >= 4 ? 0.01 : 0.001 };
      // a dense output two orders below the steps (kvaerno5's cubic Hermite) would dominate: steps land on ts
      if (solver.adaptive && solver.interpolantOrder + 1 < solver.order) Object.assign(options, { stepT: ts });
      const tol = solver.adaptive ? (lowOrder ? 1e-4 : 1e-7) : solver.order >= 3 ? 1e-5 : solver.order === 2 ? 1e-4 : 3e-2;
      const y0 = be.fromArray([1, 1]);
      const fwd = integrate({ backend: be, dynamics: knownProblem, y0, ts, solver, options });
      const yEnd = be.fromArray(knownExact(3));
      const bwd = integrate({ backend: be, dynamics: knownProblem, y0: yEnd, ts: [...ts].reverse(), solver, options });
      expect(fwd.status).toBe('success');
      expect(bwd.status).toBe('success');
      expect(bwd.ts).toEqual([...ts].reverse());
      for (let i = 0; i < ts.length; i++) {
        const j = ts.length - 1 - i;
        expect(maxErr(bwd.ys[j], knownExact(ts[i])), `t = ${ts[i]}`).toBeLessThan(tol);
        expect(maxErr(bwd.ys[j], Array.from(fwd.ys[i].data))).toBeLessThan(2 * tol);
      }
      be.dispose([y0, yEnd, ...fwd.ys, ...bwd.ys]);
    });
  }
});

describe('stepT and jumpT', () => {
  it('stepT: accepted steps land exactly on every stepT time inside the interval (forward and backward)', () => {
    for (const ts of [[0, 4], [4, 0]]) {
      const stepT = [0.3, 1.7, 2.2, 9, 1.7];
      const ends: number[] = [];
      const y0 = be.fromArray(ts[0] === 0 ? [1, 1] : knownExact(4));
      const sol = integrate({
        backend: be, dynamics: knownProblem, y0, ts, solver: dopri5, options: { stepT },
        recorder: { onStep: (r) => ends.push(r.t0 + r.dt) },
      });
      for (const t of [0.3, 1.7, 2.2]) expect(ends.filter((e) => e === t)).toHaveLength(1);
      expect(ends[ends.length - 1]).toBe(ts[1]);
      be.dispose([y0, ...sol.ys]);
    }
  });

  it('jumpT: a discontinuous f is integrated accurately by landing on the jump and restarting the first stage', () => {
    // y' = 1 for t < 1, y' = −2y for t ≥ 1: y = t, then y = e^{−2(t−1)}
    let calls = 0;
    const jumpy: Dynamics<JsTensor> = {
      f: (t, y) => {
        calls++;
        return be.fromArray([t < 1 ? 1 : -2 * y.data[0]]);
      },
    };
    const exact = (t: number) => (t < 1 ? t : Math.exp(-2 * (t - 1)));
    const y0 = be.fromArray([0]);
    const ts = [0, 0.5, 1, 1.5, 2];
    const ends: number[] = [];
    const records: StepRecord<JsTensor>[] = [];
    const withJump = integrate({
      backend: be, dynamics: jumpy, y0, ts, solver: dopri5, options: { rtol: 1e-10, atol: 1e-10, jumpT: [1] },
      recorder: { onStep: (r) => (ends.push(r.t0 + r.dt), records.push(r)) },
    });
    expect(ends).toContain(1);
    // the step onto the jump samples its last stage just before it; the next one restarts after it
    const onto = records[ends.indexOf(1)];
    expect(onto.tLast).toBe(justBefore(1, 1));
    expect(onto.k[onto.k.length - 1].data[0]).toBe(1);
    expect(records[ends.indexOf(1) + 1].k[0].data[0]).toBeCloseTo(-2, 12);
    expect(records.filter((r) => r !== onto).every((r) => r.tLast === r.t0 + r.dt)).toBe(true);
    const errJump = Math.max(...ts.map((t, i) => Math.abs(withJump.ys[i].data[0] - exact(t))));
    expect(errJump).toBeLessThan(1e-9);
    expect(withJump.stats.nfe).toBe(calls);
    // without jumpT the controller must grind through the kink: more work for the same tolerance
    const without = integrate({ backend: be, dynamics: jumpy, y0, ts, solver: dopri5, options: { rtol: 1e-10, atol: 1e-10 } });
    expect(without.stats.rejected).toBeGreaterThan(withJump.stats.rejected);
    // fixed-step methods land on jumps too (they are merged into the grid)
    const fixed = integrate({ backend: be, dynamics: jumpy, y0, ts, solver: rk4, options: { stepSize: 0.3, jumpT: [1] } });
    expect(Math.abs(fixed.ys[4].data[0] - exact(2))).toBeLessThan(1e-3);
    be.dispose([y0, ...withJump.ys, ...without.ys, ...fixed.ys]);
  });

  it('fixed-step grids: stepSize, explicit grid, and ts as the grid by default', () => {
    const y0 = be.fromArray([1, 1]);
    const steps: StepRecord<JsTensor>[] = [];
    const grid = [0, 0.1, 0.35, 0.7, 1];
    integrate({ backend: be, dynamics: knownProblem, y0, ts: [0, 0.5, 1], solver: rk4, options: { grid }, recorder: { onStep: (r) => steps.push(r) } });
    expect(steps.map((s) => s.t0)).toEqual([0, 0.1, 0.35, 0.7]);
    steps.length = 0;
    integrate({ backend: be, dynamics: knownProblem, y0, ts: [0, 0.5, 1], solver: rk4, recorder: { onStep: (r) => steps.push(r) } });
    expect(steps.map((s) => s.t0)).toEqual([0, 0.5]);
    steps.length = 0;
    integrate({ backend: be, dynamics: knownProblem, y0, ts: [0, 1], solver: rk4, options: { stepSize: 0.3 }, recorder: { onStep: (r) => steps.push(r) } });
    expect(steps).toHaveLength(4);
    expect(steps[3].dt).toBeCloseTo(0.1, 12);
    be.dispose(y0);
  });
});
