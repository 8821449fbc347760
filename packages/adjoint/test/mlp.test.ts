import { describe, expect, it } from 'vitest';
import { mlpDynamics, mlpParams } from './helpers/dynamics.js';
import { context, finiteDifferences, gradientsOf, JsBackend, lossWeights, referenceLoss, relErr } from './helpers/harness.js';

describe('small MLP dynamics f(y) = W2·tanh(W1·y + b1) + b2', () => {
  const be = new JsBackend();
  const dyn = mlpDynamics(be);
  const ps0 = mlpParams(be, 2, 6, 7, 0.8);
  const params = ps0.map((p) => ({ data: p.toArray(), shape: [...p.shape] }));
  be.dispose(ps0);
  const y0 = [0.6, -0.9];
  const ts = [0, 0.7, 1.5];
  const weights = lossWeights(ts.length, 2);
  const fd = finiteDifferences((y, t, p) => referenceLoss(be, dyn, y, t, p, weights, 400), y0, ts, params);

  const grads = Object.fromEntries(
    ['direct', 'adjoint', 'checkpointed'].map((name) => {
      const yt = be.fromArray(y0);
      const ps = params.map((p) => be.fromArray(p.data, p.shape));
      const g = gradientsOf(be, name, { dynamics: dyn, y0: yt, ts, params: ps }, context(be), weights);
      be.dispose([yt, ...ps]);
      return [name, g];
    }),
  );

  it.each(['direct', 'adjoint', 'checkpointed'])('%s matches central differences to 1e-6 for y0, every weight and every time', (name) => {
    const g = grads[name];
    expect(relErr(g.y0, fd.y0)).toBeLessThan(1e-6);
    g.params.forEach((p, k) => expect(relErr(p, fd.params[k])).toBeLessThan(1e-6));
    expect(relErr(g.ts, fd.ts)).toBeLessThan(1e-6);
  });

  it('checkpointed reproduces direct (same discrete computation) and adjoint agrees to the solver tolerance', () => {
    const flat = (g: (typeof grads)[string]) => [...g.y0, ...g.params.flat(), ...g.ts];
    expect(relErr(flat(grads.checkpointed), flat(grads.direct))).toBeLessThan(1e-12);
    expect(relErr(flat(grads.adjoint), flat(grads.direct))).toBeLessThan(1e-8);
    expect(relErr(flat(grads.adjoint), flat(grads.direct))).toBeGreaterThan(0);
  });

  it('released every tensor', () => {
    expect(be.memory().bytes).toBe(0);
  });
});
