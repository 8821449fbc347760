import { JsBackend, type Dynamics, type JsTensor } from '@odeflow/core';
import { dopri5, integrate, IntegrateWorkspace, tsit5 } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';

// y' = A y with a rotation-and-decay A, batched [3, 2]: a solve with a closed-form end state
const A = [
  [-0.1, 2],
  [-2, -0.1],
];
const be = new JsBackend();
const f: Dynamics<JsTensor> = {
  name: 'linear',
  f(_t, y) {
    const out = new Float64Array(y.data.length);
    for (let b = 0; b < y.data.length; b += 2) {
      out[b] = A[0][0] * y.data[b] + A[0][1] * y.data[b + 1];
      out[b + 1] = A[1][0] * y.data[b] + A[1][1] * y.data[b + 1];
    }
    return be.wrap(out, y.shape);
  },
};

describe('IntegrateWorkspace', () => {
  it('reused across solves gives the same outputs and counts as fresh solves, and frees its stepper on dispose', () => {
    const ws = new IntegrateWorkspace<JsTensor>();
    const y0 = be.fromArray([1, 0, 0.5, 0.5, -1, 2], [3, 2]);
    const intervals = [
      [0, 0.3],
      [0.3, 0.1],
      [0.1, 1.7],
      [2, 2.05],
    ];
    const options = { rtol: 1e-9, atol: 1e-12 };
    for (const ts of intervals) {
      const fresh = integrate({ backend: be, dynamics: f, y0, ts, solver: dopri5, options });
      const reused = integrate({ backend: be, dynamics: f, y0, ts, solver: dopri5, options, workspace: ws });
      expect(reused.status).toBe('success');
      expect(reused.stats).toEqual(fresh.stats);
      expect(Array.from(reused.ys[1].data)).toEqual(Array.from(fresh.ys[1].data));
      // and it is the solution: y(t) = e^{-0.1 (t − t0)} R(2 (t − t0)) y0 for this A
      const h = ts[1] - ts[0];
      const c = Math.cos(2 * h) * Math.exp(-0.1 * h);
      const s = Math.sin(2 * h) * Math.exp(-0.1 * h);
      expect(reused.ys[1].data[0]).toBeCloseTo(c * 1 + s * 0, 7);
      expect(reused.ys[1].data[1]).toBeCloseTo(-s * 1 + c * 0, 7);
      be.dispose([...fresh.ys, ...reused.ys]);
    }
    // the stepper's buffers stay with the workspace between solves
    const held = be.memory().bytes - y0.data.byteLength;
    expect(held).toBeGreaterThan(0);
    ws.dispose();
    expect(be.memory().bytes).toBe(y0.data.byteLength);
    be.dispose(y0);
    expect(be.memory().bytes).toBe(0);
  });

  it('builds a new stepper when the solver, tolerances or shape change, with correct results', () => {
    const ws = new IntegrateWorkspace<JsTensor>();
    const runs: [typeof dopri5, number, number[]][] = [
      [dopri5, 1e-8, [1, 0]],
      [tsit5, 1e-8, [1, 0]],
      [tsit5, 1e-6, [1, 0]],
      [tsit5, 1e-6, [1, 0, 0, 1]],
      [dopri5, 1e-8, [1, 0]],
    ];
    for (const [solver, rtol, v] of runs) {
      const y0 = be.fromArray(v, [v.length / 2, 2]);
      const fresh = integrate({ backend: be, dynamics: f, y0, ts: [0, 1], solver, options: { rtol } });
      const reused = integrate({ backend: be, dynamics: f, y0, ts: [0, 1], solver, options: { rtol }, workspace: ws });
      expect(reused.stats).toEqual(fresh.stats);
      expect(Array.from(reused.ys[1].data)).toEqual(Array.from(fresh.ys[1].data));
      be.dispose([y0, ...fresh.ys, ...reused.ys]);
    }
    ws.dispose();
    expect(be.memory().bytes).toBe(0);
  });
});
