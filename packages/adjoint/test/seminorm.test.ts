import { JsBackend, type JsTensor } from '@odeflow/core';
import { realiseBlock } from '@odeflow/blocks';
import { describe, expect, it } from 'vitest';
import { mlpDynamics, mlpParams } from './helpers/dynamics.js';
import { context, gradientsOf, relErr, type PlainGradients } from './helpers/harness.js';

const flat = (g: PlainGradients) => [...g.y0, ...g.params.flat()];

describe("norm: 'seminorm'", () => {
  it('lowers the backward evaluations on a spiral-task batch at the ode_demo initialisation', () => {
    const be = new JsBackend();
    const block = realiseBlock(
      {
        kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube',
        init: { weights: { kind: 'normal', std: 0.1 }, bias: { kind: 'zeros' }, seed: 0 },
      },
      be,
    );
    // a batch of 20 states, 10 outputs 0.025 apart: one training window of the spiral task
    const ts = Array.from({ length: 10 }, (_, i) => (25 * i) / 999);
    const states = Array.from({ length: 40 }, (_, i) => 1.0 * Math.cos(0.7 * i + 0.3));
    const run = (norm: string) => {
      const y0 = be.fromArray(states, [20, 2]);
      const weights = ts.map((_, i) => states.map((_, j) => Math.sign(Math.sin(1 + i + 3 * j)) / 400));
      const g = gradientsOf(be, 'adjoint', { dynamics: block.dynamics, y0, ts, params: block.params }, context(be, 'dopri5', { rtol: 1e-7, atol: 1e-9 }, { norm }), weights);
      be.dispose(y0);
      return g;
    };
    const mixed = run('mixed');
    const semi = run('seminorm');
    expect(semi.stats.nfeBackward).toBeLessThan(mixed.stats.nfeBackward);
    expect(semi.stats.stepsBackward).toBeLessThan(mixed.stats.stepsBackward);
    expect(relErr(flat(semi), flat(mixed))).toBeLessThan(1e-5);
    be.dispose(block.params);
    expect(be.memory().bytes).toBe(0);
  });

  it('cuts backward evaluations by at least 20% on an MLP solve over [0, 5], within tolerance of the exact gradient', () => {
    const be = new JsBackend();
    const dyn = mlpDynamics(be);
    const ts = Array.from({ length: 6 }, (_, i) => i);
    const run = (name: string, sensitivityOptions?: Record<string, unknown>) => {
      const y0 = be.fromArray([0.5, -0.5]);
      const ps: JsTensor[] = mlpParams(be, 2, 32, 11, 0.6);
      const g = gradientsOf(be, name, { dynamics: dyn, y0, ts, params: ps }, context(be, 'dopri5', { rtol: 1e-6, atol: 1e-8 }, sensitivityOptions));
      be.dispose([y0, ...ps]);
      return g;
    };
    const semi = run('adjoint', { norm: 'seminorm' });
    const rms = run('adjoint', { norm: 'rms' });
    const exact = run('direct');
    const mixed = run('adjoint');
    // a_θ (162 parameter adjoints in four channels) would otherwise shorten the backward steps
    expect(semi.stats.nfeBackward).toBeLessThan(0.8 * mixed.stats.nfeBackward);
    expect(semi.stats.nfeBackward).toBeLessThan(rms.stats.nfeBackward);
    expect(relErr(flat(semi), flat(exact))).toBeLessThan(1e-4);
    expect(relErr(flat(rms), flat(exact))).toBeLessThan(1e-4);
    expect(be.memory().bytes).toBe(0);
  });
});
