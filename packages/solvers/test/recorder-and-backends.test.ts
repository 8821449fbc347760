import { JsBackend, type JsTensor, type TensorBackend } from '@odeflow/core';
import {
  BUILTIN_SOLVERS, dopri5, dopri8, ExplicitRungeKutta, integrate, type OutputRecord, type StepRecord, type SteppableSolver,
} from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';
import { knownExact, maxErr } from './problems.js';

/** A js backend without in-place ops: integrate takes the allocating path meant for immutable backends (tfjs). */
function immutableBackend(): JsBackend {
  const b = new JsBackend();
  Object.defineProperty(b, 'inPlace', { value: undefined });
  return b;
}

function knownOn(b: TensorBackend<JsTensor>) {
  return {
    f: (t: number, y: JsTensor) => b.fromArray([y.data[0] * Math.cos(t), -2 * t * y.data[1] * y.data[1]]),
    jacobian: (t: number, y: JsTensor, _p: readonly JsTensor[], out: Float64Array) => out.set([Math.cos(t), 0, 0, -4 * t * y.data[1]]),
  };
}

function combine(w: { y0: number; y1: number; k: number[] }, r: StepRecord<JsTensor>): number[] {
  return r.y0.toArray().map((_, i) => w.y0 * r.y0.data[i] + w.y1 * r.y1.data[i] + r.k.reduce((s, k, j) => s + r.dt * w.k[j] * k.data[i], 0));
}

// Verner's interpolation polynomials have coefficients up to 1e4 that cancel to weights of order 1: each
// evaluation of a weight rounds at about 1e-12, so two evaluations of the same output agree only to that.
const LARGE_COEFFICIENTS = new Set(['vern7', 'vern9']);

describe('the step recorder (what the direct sensitivity differentiates)', () => {
  for (const [label, makeBackend] of [['js (float64 path)', () => new JsBackend()], ['immutable (allocating path)', immutableBackend]] as const) {
    for (const solver of BUILTIN_SOLVERS) {
      it(`${solver.name} on ${label}: records reproduce the step and every output through denseWeights`, () => {
        const b = makeBackend();
        const dyn = knownOn(b);
        const steps: StepRecord<JsTensor>[] = [];
        const snapshots: number[][] = [];
        const outs: OutputRecord[] = [];
        const y0 = b.fromArray([1, 1]);
        const ts = [0, 0.3, 0.7, 1.3, 2];
        const options = solver.adaptive ? { rtol: 1e-6, atol: 1e-6 } : { stepSize: 0.11 };
        const sol = integrate({
          backend: b, dynamics: dyn, y0, ts, solver, options,
          recorder: {
            onStep: (r) => {
              steps.push(r);
              snapshots.push([...r.y0.data, ...r.y1.data, ...r.k.flatMap((k) => [...k.data])]);
            },
            onOutput: (o) => outs.push(o),
          },
        });
        expect(sol.status).toBe('success');
        expect(steps.map((s) => s.index)).toEqual(steps.map((_, i) => i));
        expect(outs.map((o) => o.index)).toEqual([0, 1, 2, 3, 4]);
        expect(outs[0]).toEqual({ index: 0, t: 0, stepIndex: -1, theta: 0 });
        const s = solver as SteppableSolver;
        for (const o of outs.slice(1)) {
          const r = steps[o.stepIndex];
          expect(o.theta).toBeGreaterThan(0);
          expect(o.theta).toBeLessThanOrEqual(1);
          expect(r.t0 + o.theta * r.dt).toBeCloseTo(o.t, 12);
          const y = combine(s.denseWeights(o.theta), r);
          expect(maxErr(sol.ys[o.index], y)).toBeLessThan(LARGE_COEFFICIENTS.has(solver.name) ? 1e-12 : 1e-14);
        }
        for (let n = 0; n < steps.length; n++) {
          const r = steps[n];
          // never mutated after being handed over
          expect([...r.y0.data, ...r.y1.data, ...r.k.flatMap((k) => [...k.data])]).toEqual(snapshots[n]);
          expect(maxErr(r.k[0], dyn.f(r.t0, r.y0).toArray())).toBeLessThan(1e-15);
          // dense-output stages (dopri8's three, Verner's) are evaluated (and recorded) only for steps that produce an output inside them
          const interior = outs.some((o) => o.stepIndex === n && o.theta < 1);
          const extra = solver instanceof ExplicitRungeKutta ? (solver.denseStages?.c.length ?? 0) : 0;
          const dense = interior ? extra : 0;
          expect(maxErr(r.k[r.k.length - 1 - dense], dyn.f(r.t0 + r.dt, r.y1).toArray())).toBeLessThan(1e-15);
          if (n > 0) expect(r.y0.toArray()).toEqual(steps[n - 1].y1.toArray());
          if (solver instanceof ExplicitRungeKutta) {
            expect(r.k).toHaveLength(solver.recordedStages - (interior ? 0 : extra));
            // y1 = y0 + dt·Σ bᵢkᵢ (the tableau the direct sensitivity differentiates)
            const y1 = r.y0.toArray().map((v, i) => v + r.dt * solver.tableau.b.reduce((acc, bi, j) => acc + bi * r.k[j].data[i], 0));
            expect(maxErr(r.y1, y1)).toBeLessThan(1e-14);
          } else {
            // Rosenbrock methods record [f₀, their dense-output vectors…, f₁]
            expect(r.k).toHaveLength(solver.implicit ? s.denseWeights(0.5).k.length : 2);
          }
        }
        const w1 = s.denseWeights(1);
        if (!(solver.name === 'tsit5')) expect(w1.y1).toBe(1);
      });
    }
  }
});

describe('memory on the allocating path', () => {
  for (const solver of [dopri5, dopri8, BUILTIN_SOLVERS.find((s) => s.name === 'ab4')!, BUILTIN_SOLVERS.find((s) => s.name === 'rk4')!]) {
    it(`${solver.name}: nothing leaks; with a recorder exactly the recorded tensors stay alive`, () => {
      const b = immutableBackend();
      const dyn = knownOn(b);
      const y0 = b.fromArray([1, 1]);
      const before = b.memory().tensors;
      const options = { ...(solver.adaptive ? { rtol: 1e-6, atol: 1e-6 } : { stepSize: 0.1 }), events: [{ fn: (_t: number, y: JsTensor) => y.data[1] - 0.5 }], dense: true };
      const sol = integrate({ backend: b, dynamics: dyn, y0, ts: [0, 0.5, 2], solver, options });
      expect(sol.events).toHaveLength(1);
      expect(b.memory().tensors - before).toBe(sol.ys.length + sol.events.length);
      b.dispose([...sol.ys, ...sol.events.map((e) => e.y)]);
      expect(b.memory().tensors).toBe(before);
      const held = new Set<JsTensor>();
      const rec = integrate({
        backend: b, dynamics: dyn, y0, ts: [0, 2], solver, options: { ...options, events: [] },
        recorder: { onStep: (r) => [r.y0, r.y1, ...r.k].forEach((x) => held.add(x)) },
      });
      expect(maxErr(rec.ys[1], knownExact(2))).toBeLessThan(1e-3);
      expect(b.memory().tensors - before).toBe(rec.ys.length + held.size);
      expect([...held].every((x) => !x.disposed)).toBe(true);
      b.dispose([...rec.ys, ...held]);
      expect(b.memory().tensors).toBe(before);
      b.dispose(y0);
    });
  }

  it('the js fast path allocates its buffers once and releases them', () => {
    const b = new JsBackend();
    const dyn = knownOn(b);
    const y0 = b.fromArray([1, 1]);
    const before = b.memory().tensors;
    const sol = integrate({ backend: b, dynamics: dyn, y0, ts: [0, 1, 2], solver: dopri5, options: { rtol: [1e-8, 1e-6], atol: 1e-8 } });
    expect(b.memory().tensors - before).toBe(3);
    b.dispose(sol.ys);
    expect(b.memory().tensors).toBe(before);
  });
});
