import { JsBackend, type Dynamics, type JsTensor } from '@odeflow/core';
import { implicitEuler, integrate, kvaerno5, trapezoid } from '@odeflow/solvers';
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

describe('the diagonally implicit stepper allocates per solve, not per step', () => {
  for (const solver of [kvaerno5, implicitEuler, trapezoid]) {
    it(`${solver.name} on js: the tensors created do not grow with the number of steps, and none leak`, () => {
      const b = new JsBackend();
      const wraps = vi.spyOn(b, 'wrap');
      const count = (t1: number) => {
        const y0 = b.fromArray([2, 0]);
        const before = b.memory().tensors;
        wraps.mockClear();
        const options = solver.adaptive ? { rtol: 1e-6, atol: 1e-6 } : { stepSize: 0.01 };
        const sol = integrate({ backend: b, dynamics: vanDerPol(b), y0, ts: [0, t1], solver, options });
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
  }

  it('on a backend without views (the allocating path) kvaerno5 gives the same solution and leaks nothing', () => {
    const b = new JsBackend();
    Object.defineProperty(b, 'inPlace', { value: undefined });
    const mu = 10;
    const dyn: Dynamics<JsTensor> = {
      f: (_t, y) => b.fromArray([y.data[1], mu * (1 - y.data[0] * y.data[0]) * y.data[1] - y.data[0]]),
      jacobian: vanDerPol(b).jacobian,
    };
    const y0 = b.fromArray([2, 0]);
    const before = b.memory().tensors;
    const sol = integrate({ backend: b, dynamics: dyn, y0, ts: [0, 1, 5], solver: kvaerno5, options: { rtol: 1e-6, atol: 1e-6 } });
    expect(b.memory().tensors - before).toBe(sol.ys.length);
    const js = new JsBackend();
    const ref = integrate({ backend: js, dynamics: vanDerPol(js), y0: js.fromArray([2, 0]), ts: [0, 1, 5], solver: kvaerno5, options: { rtol: 1e-6, atol: 1e-6 } });
    expect(Array.from(sol.ys[2].data)).toEqual(Array.from(ref.ys[2].data));
    expect(sol.stats).toEqual(ref.stats);
    b.dispose([...sol.ys, y0]);
  });
});
