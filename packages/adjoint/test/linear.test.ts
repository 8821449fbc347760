import { describe, expect, it } from 'vitest';
import { linearDynamics } from './helpers/dynamics.js';
import { expm } from './helpers/expm.js';
import { context, finiteDifferences, gradientsOf, JsBackend, lossWeights, relErr } from './helpers/harness.js';

// y' = A·y has y(t) = e^{A(t − t₀)}·y₀: the loss and its central differences come from the closed form.
const n = 3;
const A = [-0.3, 1.1, 0.2, -1.0, -0.2, 0.5, 0.1, -0.4, -0.5];
const y0 = [1, -0.5, 0.8];

function closedFormLoss(y: number[], ts: number[], params: { data: number[] }[], weights: number[][]): number {
  let L = 0;
  ts.forEach((t, i) => {
    const E = expm(params[0].data.map((a) => a * (t - ts[0])), n);
    for (let r = 0; r < n; r++) {
      let yr = 0;
      for (let c = 0; c < n; c++) yr += E[r * n + c] * y[c];
      L += weights[i][r] * yr;
    }
  });
  return L;
}

describe.each([
  ['forward in time', [0, 0.5, 1.7, 3]],
  ['backward in time', [2, 1.2, -0.4]],
])('linear system y\' = Ay (%s): gradients against the matrix exponential', (_label, ts) => {
  const params = [
    { data: A, shape: [n, n] },
    { data: [0.5], shape: [1] }, // unused
  ];
  const weights = lossWeights(ts.length, n);
  const fd = finiteDifferences((y, t, p) => closedFormLoss(y, t, p, weights), y0, ts, params, 1e-6);

  it.each(['direct', 'adjoint', 'checkpointed'])('%s: ∂L/∂y0, ∂L/∂A and ∂L/∂tᵢ to 1e-6; exact zero for the unused parameter', (name) => {
    const be = new JsBackend();
    const dyn = linearDynamics(be);
    const yt = be.fromArray(y0);
    const ps = params.map((p) => be.fromArray(p.data, p.shape));
    const g = gradientsOf(be, name, { dynamics: dyn, y0: yt, ts, params: ps }, context(be), weights);
    be.dispose([yt, ...ps]);
    expect(relErr(g.y0, fd.y0)).toBeLessThan(1e-6);
    expect(relErr(g.params[0], fd.params[0])).toBeLessThan(1e-6);
    expect(relErr(g.ts, fd.ts)).toBeLessThan(1e-6);
    expect(g.params[1]).toEqual([0]);
    // the outputs themselves match the closed form (the forward solve is not disturbed by recording)
    const E = expm(A.map((a) => a * (ts[ts.length - 1] - ts[0])), n);
    const yEnd = [0, 1, 2].map((r) => E[r * n] * y0[0] + E[r * n + 1] * y0[1] + E[r * n + 2] * y0[2]);
    expect(relErr(g.ys[g.ys.length - 1], yEnd)).toBeLessThan(1e-8);
    expect(be.memory().bytes).toBe(0);
  });
});
