import { describe, expect, it } from 'vitest';
import { mlpDynamics, mlpParams } from './helpers/dynamics.js';
import { context, gradientsOf, JsBackend, relErr } from './helpers/harness.js';

describe("norm: 'seminorm'", () => {
  it('lowers the backward evaluations of the adjoint on an MLP problem without spoiling the gradient', () => {
    const be = new JsBackend();
    const dyn = mlpDynamics(be);
    const ts = Array.from({ length: 6 }, (_, i) => i);
    const run = (name: string, sensitivityOptions?: Record<string, unknown>) => {
      const y0 = be.fromArray([0.5, -0.5]);
      const ps = mlpParams(be, 2, 32, 11, 0.6);
      const g = gradientsOf(be, name, { dynamics: dyn, y0, ts, params: ps }, context(be, 'dopri5', { rtol: 1e-6, atol: 1e-8 }, sensitivityOptions));
      be.dispose([y0, ...ps]);
      return g;
    };
    const full = run('adjoint');
    const semi = run('adjoint', { norm: 'seminorm' });
    const exact = run('direct');
    expect(semi.stats.nfeBackward).toBeLessThan(full.stats.nfeBackward);
    expect(semi.stats.stepsBackward).toBeLessThan(full.stats.stepsBackward);
    const flat = (g: typeof full) => [...g.y0, ...g.params.flat()];
    expect(relErr(flat(semi), flat(exact))).toBeLessThan(1e-4);
    expect(be.memory().bytes).toBe(0);
  });
});
