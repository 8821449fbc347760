import { JsBackend, type Dynamics, type JsTensor } from '@odeflow/core';
import { realiseBlock } from '@odeflow/blocks';
import { describe, expect, it } from 'vitest';
import { context, flatGradients, gradientsOf, relErr } from './helpers/harness.js';


// The spiral task's block: its js realisation offers vjpInto, which direct and adjoint take on js.
function spiralBlock(be: JsBackend) {
  return realiseBlock(
    {
      kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube',
      init: { weights: { kind: 'normal', std: 0.5 }, bias: { kind: 'normal', std: 0.2 }, seed: 3 },
    },
    be,
  );
}

// The same dynamics seen through f and vjp only (no fInto, no vjpInto): the allocating path.
function plain(d: Dynamics<JsTensor>): Dynamics<JsTensor> {
  return { name: 'plain', f: (t, y, p) => d.f(t, y, p), vjp: (t, y, a, p) => d.vjp!(t, y, a, p) };
}

describe('allocation-free VJPs (vjpInto) in the sensitivities', () => {
  const ts = Array.from({ length: 6 }, (_, i) => 0.05 * i);
  const states = Array.from({ length: 12 }, (_, i) => 1.2 * Math.cos(0.9 * i + 0.4));

  for (const method of ['direct', 'adjoint', 'checkpointed']) {
    it(`${method}: the same gradients with and without vjpInto, and no bytes left`, () => {
      const be = new JsBackend();
      const block = spiralBlock(be);
      const run = (dynamics: Dynamics<JsTensor>) => {
        const y0 = be.fromArray(states, [6, 2]);
        const g = gradientsOf(be, method, { dynamics, y0, ts, params: block.params }, context(be, 'dopri5', { rtol: 1e-8, atol: 1e-10 }));
        be.dispose(y0);
        return g;
      };
      const fast = run(block.dynamics);
      const slow = run(plain(block.dynamics));
      expect(fast.stats.nfeBackward).toBe(slow.stats.nfeBackward);
      expect(relErr(flatGradients(fast), flatGradients(slow))).toBeLessThan(1e-12);
      be.dispose(block.params);
      expect(be.memory().bytes).toBe(0);
    });
  }

  it('direct through vjpInto matches central finite differences of the loss in a weight and in y0', () => {
    const be = new JsBackend();
    const block = spiralBlock(be);
    const weights = ts.map((_, i) => states.map((_, j) => Math.sin(1 + i + 2 * j)));
    // fixed rk4 steps: the discrete loss is smooth in θ and y0, so central differences are accurate
    const ctx = context(be, 'rk4', { stepSize: 0.01 });
    const y0 = be.fromArray(states, [6, 2]);
    const g = gradientsOf(be, 'direct', { dynamics: block.dynamics, y0, ts, params: block.params }, ctx, weights);
    be.dispose(y0);
    const lossRk4 = (params: JsTensor[], y0v: number[]) => {
      const y = be.fromArray(y0v, [6, 2]);
      const r = gradientsOf(be, 'direct', { dynamics: block.dynamics, y0: y, ts, params }, ctx, weights);
      be.dispose(y);
      return r.ys.reduce((s, yy, i) => s + yy.reduce((u, v, j) => u + v * weights[i][j], 0), 0);
    };
    const h = 1e-6;
    // one first-layer weight
    const w = block.params[0];
    const w0 = w.data[7];
    w.data[7] = w0 + h;
    const up = lossRk4(block.params, states);
    w.data[7] = w0 - h;
    const down = lossRk4(block.params, states);
    w.data[7] = w0;
    expect(Math.abs(g.params[0][7] - (up - down) / (2 * h))).toBeLessThan(1e-7 * Math.max(1, Math.abs(g.params[0][7])));
    // one component of y0
    const plus = [...states];
    plus[5] += h;
    const minus = [...states];
    minus[5] -= h;
    const fd = (lossRk4(block.params, plus) - lossRk4(block.params, minus)) / (2 * h);
    expect(Math.abs(g.y0[5] - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
    be.dispose(block.params);
    expect(be.memory().bytes).toBe(0);
  });

  it("direct pulls each step's f(t₁, y₁) and the next step's first stage through one VJP", () => {
    const be = new JsBackend();
    const block = spiralBlock(be);
    // many outputs: every dopri5 step produces one, so every step's last stage has a cotangent
    const dense = Array.from({ length: 41 }, (_, i) => 0.01 * i);
    const y0 = be.fromArray(states, [6, 2]);
    const g = gradientsOf(be, 'direct', { dynamics: block.dynamics, y0, ts: dense, params: block.params }, context(be, 'dopri5', { rtol: 1e-8, atol: 1e-10 }));
    const slow = gradientsOf(be, 'direct', { dynamics: plain(block.dynamics), y0, ts: dense, params: block.params }, context(be, 'dopri5', { rtol: 1e-8, atol: 1e-10 }));
    be.dispose(y0);
    const steps = g.stats.stepsForward;
    expect(steps).toBeGreaterThan(3);
    // 7 recorded stages per step, one of them shared with the next step (the last step's too, unless its
    // only output is at its end, where the dense output does not read that stage): without the sharing 7·steps
    expect(g.stats.nfeBackward).toBeLessThanOrEqual(6 * steps + 1);
    expect(g.stats.nfeBackward).toBeGreaterThanOrEqual(6 * steps);
    expect(relErr(flatGradients(g), flatGradients(slow))).toBeLessThan(1e-12);
    be.dispose(block.params);
    expect(be.memory().bytes).toBe(0);
  });
});
