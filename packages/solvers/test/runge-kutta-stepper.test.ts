import { JsBackend, type Dynamics, type JsTensor } from '@odeflow/core';
import { BUILTIN_SOLVERS, ExplicitRungeKutta, integrate } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';

/** A js backend without in-place ops: the stepper takes the path of immutable backends (tfjs). */
function immutableBackend(): JsBackend {
  const b = new JsBackend();
  Object.defineProperty(b, 'inPlace', { value: undefined });
  return b;
}

function lorenzOn(b: JsBackend): Dynamics<JsTensor> {
  return {
    f: (_t, y) => {
      const d = y.data;
      return b.fromArray([10 * (d[1] - d[0]), d[0] * (28 - d[2]) - d[1], d[0] * d[1] - (8 / 3) * d[2]]);
    },
  };
}

function solve(b: JsBackend, solver: ExplicitRungeKutta, t1: number) {
  const y0 = b.fromArray([1, 0, 0]);
  const options = solver.adaptive ? { rtol: 1e-7, atol: 1e-7, dense: true } : { stepSize: 0.01, dense: true };
  const sol = integrate({ backend: b, dynamics: lorenzOn(b), y0, ts: [0, t1 / 3, t1], solver, options });
  const mid = sol.evaluate!(t1 / 2);
  const out = { ys: sol.ys.map((y) => Array.from(y.data)), nfe: sol.stats.nfe, mid: Array.from(mid.data) };
  b.dispose([y0, mid, ...sol.ys]);
  return out;
}

const METHODS = BUILTIN_SOLVERS.filter((s): s is ExplicitRungeKutta => s instanceof ExplicitRungeKutta);

describe('one Runge–Kutta stepper on every backend', () => {
  for (const solver of METHODS) {
    it(`${solver.name}: the in-place path (combineInto) and the allocating path agree to the last bit`, () => {
      const a = solve(new JsBackend(), solver, 2);
      const b = solve(immutableBackend(), solver, 2);
      expect(b.nfe).toBe(a.nfe);
      expect(b.ys).toEqual(a.ys);
      expect(b.mid).toEqual(a.mid);
    });
  }

  for (const solver of METHODS.filter((s) => s.adaptive)) {
    it(`${solver.name}: the allocating path releases every tensor; the in-place path's memory does not grow with the steps`, () => {
      const im = immutableBackend();
      solve(im, solver, 3);
      expect(im.memory().tensors).toBe(0);
      const held = (t1: number) => {
        const b = new JsBackend();
        const y0 = b.fromArray([1, 0, 0]);
        const dynamics = lorenzOn(b);
        const f = dynamics.f;
        let peak = 0;
        // the peak of live tensors seen by f, less its own result: what the solve holds
        dynamics.f = (t, y, p) => {
          peak = Math.max(peak, b.memory().tensors);
          return f(t, y, p);
        };
        const sol = integrate({ backend: b, dynamics, y0, ts: [0, t1], solver, options: { rtol: 1e-7, atol: 1e-7 } });
        b.dispose([y0, ...sol.ys]);
        expect(b.memory().tensors).toBe(0);
        return { peak, steps: sol.stats.accepted };
      };
      const short = held(0.5);
      const long = held(3);
      expect(long.steps).toBeGreaterThan(2 * short.steps);
      expect(long.peak).toBe(short.peak);
    });
  }
});
