import { describe, expect, it } from 'vitest';
import { pendulumDynamics } from './helpers/dynamics.js';
import { context, finiteDifferences, gradientsOf, JsBackend, lossWeights, referenceLoss, relErr } from './helpers/harness.js';

// θ'' = −bθ' − c·sin θ (+ a drive, so that f depends on t and ∂L/∂t₀ has an explicit part).
describe.each([
  ['undriven', 0],
  ['driven', 0.7],
])('pendulum (%s): gradients against central differences', (_label, drive) => {
  const y0 = [1.2, -0.3];
  const ts = [0, 0.8, 2.1, 3.5, 5];
  const params = [
    { data: [0.25, 2.5], shape: [2] },
    { data: [3, -1], shape: [2] }, // never used by the dynamics
  ];
  const be = new JsBackend();
  const dyn = pendulumDynamics(be, drive, 1.3);
  const weights = lossWeights(ts.length, 2);
  const fd = finiteDifferences((y, t, p) => referenceLoss(be, dyn, y, t, p, weights), y0, ts, params);

  it.each(['direct', 'adjoint', 'checkpointed'])('%s matches to 1e-6 and gives exact zeros for the unused parameter', (name) => {
    const yt = be.fromArray(y0);
    const ps = params.map((p) => be.fromArray(p.data, p.shape));
    const g = gradientsOf(be, name, { dynamics: dyn, y0: yt, ts, params: ps }, context(be), weights);
    be.dispose([yt, ...ps]);
    expect(relErr(g.y0, fd.y0)).toBeLessThan(1e-6);
    expect(relErr(g.params[0], fd.params[0])).toBeLessThan(1e-6);
    expect(relErr(g.ts, fd.ts)).toBeLessThan(1e-6);
    expect(g.params[1]).toEqual([0, 0]);
    expect(be.memory().bytes).toBe(0);
  });
});
