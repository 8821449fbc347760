import { JsBackend, type Dynamics, type JsTensor } from '@odeflow/core';
import { bdf, integrate } from '@odeflow/solvers';
import { describe, expect, it, vi } from 'vitest';

// Van der Pol with μ = 10 (mildly stiff), written with fInto and a dense Jacobian into the caller's buffer.
function vanDerPol(b: JsBackend): Dynamics<JsTensor> {
  const mu = 10;
  const d: Dynamics<JsTensor> = {
    // used once, to check the shape at the start
    f: (t, y) => {
      const out = b.zeros([2]);
      d.fInto!(t, y, [], out);
      return out;
    },
    fInto: (_t, y, _p, out) => {
      out.data[0] = y.data[1];
      out.data[1] = mu * (1 - y.data[0] * y.data[0]) * y.data[1] - y.data[0];
    },
    jacobian: (_t, y, _p, out) => out.set([0, 1, -2 * mu * y.data[0] * y.data[1] - 1, mu * (1 - y.data[0] * y.data[0])]),
  };
  return d;
}

describe('the bdf stepper', () => {
  it('on a fixed grid runs orders 1 then 2 only', () => {
    const b = new JsBackend();
    const dynamics: Dynamics<JsTensor> = { f: (_t, y) => b.fromArray([-y.data[0]]), jacobian: (_t, _y, _p, out) => out.set([-1]) };
    const orders: number[] = [];
    const errs = [0.1, 0.05].map((h) => {
      const sol = integrate({
        backend: b, dynamics, y0: b.fromArray([1]), ts: [0, 2], solver: bdf, options: { stepSize: h },
        recorder: { onStep: (r) => void orders.push(r.k.slice(1, 6).reduce((o, k, j) => (k.data.some((x) => x !== 0) ? j + 1 : o), 0)) },
      });
      return Math.abs(sol.ys[1].data[0] - Math.exp(-2));
    });
    expect(orders[0]).toBe(1);
    expect(Math.max(...orders)).toBe(2);
    expect(Math.log2(errs[0] / errs[1])).toBeCloseTo(2, 0);
  });

  it('raises its order to 4 or 5 on a smooth problem (the recorded differences above the order are zero)', () => {
    const b = new JsBackend();
    const dynamics: Dynamics<JsTensor> = {
      f: (_t, y) => b.fromArray([-y.data[0], -2 * y.data[1]]),
      jacobian: (_t, _y, _p, out) => out.set([-1, 0, 0, -2]),
    };
    const orders: number[] = [];
    const y0 = b.fromArray([1, 1]);
    const sol = integrate({
      backend: b, dynamics, y0, ts: [0, 10], solver: bdf, options: { rtol: 1e-10, atol: 1e-14 },
      recorder: {
        onStep: (r) => {
          // k = [f(t₀, y₀), D₁/h, …, D₅/h, f(t₁, y₁)]
          orders.push(r.k.slice(1, 6).reduce((order, k, j) => (k.data.some((x) => x !== 0) ? j + 1 : order), 0));
          b.dispose([r.y0, r.y1, ...r.k]);
        },
      },
    });
    expect(sol.status).toBe('success');
    expect(Math.abs(sol.ys[1].data[0] - Math.exp(-10)) / Math.exp(-10)).toBeLessThan(1e-7);
    expect(orders[0]).toBe(1);
    expect(Math.max(...orders)).toBeGreaterThanOrEqual(4);
    // most of the solve runs at the high orders
    expect(orders.filter((o) => o >= 4).length).toBeGreaterThan(orders.length / 2);
  });

  it('on js: the tensors created do not grow with the number of steps, and none leak', () => {
    const b = new JsBackend();
    const wraps = vi.spyOn(b, 'wrap');
    const count = (t1: number) => {
      const y0 = b.fromArray([2, 0]);
      const before = b.memory().tensors;
      wraps.mockClear();
      const sol = integrate({ backend: b, dynamics: vanDerPol(b), y0, ts: [0, t1], solver: bdf, options: { rtol: 1e-6, atol: 1e-6 } });
      expect(sol.status).toBe('success');
      const created = wraps.mock.calls.length;
      b.dispose(sol.ys);
      expect(b.memory().tensors).toBe(before);
      b.dispose(y0);
      return { created, steps: sol.stats.steps };
    };
    const short = count(2);
    const long = count(20);
    expect(long.steps).toBeGreaterThan(5 * short.steps);
    expect(long.created).toBe(short.created);
  });

  it('on a backend without views (the allocating path) gives the same solution and stats and leaks nothing', () => {
    const b = new JsBackend();
    Object.defineProperty(b, 'inPlace', { value: undefined });
    const mu = 10;
    const dyn: Dynamics<JsTensor> = {
      f: (_t, y) => b.fromArray([y.data[1], mu * (1 - y.data[0] * y.data[0]) * y.data[1] - y.data[0]]),
      jacobian: vanDerPol(b).jacobian,
    };
    const y0 = b.fromArray([2, 0]);
    const before = b.memory().tensors;
    const ts = [0, 1, 2.5, 5];
    const sol = integrate({ backend: b, dynamics: dyn, y0, ts, solver: bdf, options: { rtol: 1e-6, atol: 1e-6 } });
    expect(b.memory().tensors - before).toBe(sol.ys.length);
    const js = new JsBackend();
    const ref = integrate({ backend: js, dynamics: vanDerPol(js), y0: js.fromArray([2, 0]), ts, solver: bdf, options: { rtol: 1e-6, atol: 1e-6 } });
    for (let i = 0; i < ts.length; i++) expect(Array.from(sol.ys[i].data)).toEqual(Array.from(ref.ys[i].data));
    expect(sol.stats).toEqual(ref.stats);
    b.dispose([...sol.ys, y0]);
  });
});
