import type { SensitivityContext } from '@odeflow/core';
import { describe, expect, it } from 'vitest';
import { BoxedBackend, opsLinearDynamics, type Box } from './helpers/boxed-backend.js';
import { expm } from './helpers/expm.js';
import { lossWeights, relErr, sensitivity, solver } from './helpers/harness.js';

// On a backend with opaque immutable tensors (no in-place ops, not js): the allocating solver path,
// the generic augmented dynamics and norms of the adjoint, and exact memory release.
describe('on a backend without in-place ops', () => {
  const n = 2;
  const A = [-0.2, 1.3, -1.1, -0.1];
  const y0 = [1, 0.5];
  const ts = [0, 0.9, 2];

  it.each(['direct', 'adjoint', 'checkpointed', 'adjoint:interpolate'])('%s gives the closed-form ∂L/∂y0 and ∂L/∂tᵢ and releases everything', (label) => {
    const [name, adjointState] = label.split(':');
    const be = new BoxedBackend();
    const ctx: SensitivityContext<Box> = { backend: be, solver: solver('dopri5'), options: { rtol: 1e-10, atol: 1e-12 }, resolveSolver: solver };
    const yt = be.fromArray(y0);
    const ps = [be.fromArray(A, [n, n]), be.fromArray([1, 2, 3])];
    const w = lossWeights(ts.length, n);
    const run = sensitivity(name).run({ dynamics: opsLinearDynamics(be), y0: yt, ts, params: ps }, name === 'adjoint' ? { ...ctx, sensitivityOptions: { norm: 'seminorm', adjointState } } : ctx);
    const cot = w.map((x) => be.fromArray(x));
    const g = run.backward(cot);
    // L = Σ wᵢ·e^{A tᵢ} y0: ∂L/∂y0 = Σ e^{A tᵢ}ᵀ wᵢ, ∂L/∂tᵢ = wᵢ·A·y(tᵢ), ∂L/∂t0 = −Σᵢ≥₁ ∂L/∂tᵢ
    const gy0 = [0, 0];
    const gts = ts.map(() => 0);
    ts.forEach((t, i) => {
      const E = expm(A.map((x) => x * t), n);
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) gy0[c] += E[r * n + c] * w[i][r];
      const y = [E[0] * y0[0] + E[1] * y0[1], E[2] * y0[0] + E[3] * y0[1]];
      const Ay = [A[0] * y[0] + A[1] * y[1], A[2] * y[0] + A[3] * y[1]];
      if (i > 0) {
        gts[i] = w[i][0] * Ay[0] + w[i][1] * Ay[1];
        gts[0] -= gts[i];
      }
    });
    expect(relErr(Array.from(be.toFloat64Array(g.y0)), gy0)).toBeLessThan(1e-7);
    expect(relErr(g.ts, gts)).toBeLessThan(1e-7);
    expect(Array.from(be.toFloat64Array(g.params[1]))).toEqual([0, 0, 0]);
    be.dispose([yt, ...ps, ...cot, g.y0, ...g.params, ...run.solution.ys]);
    expect(be.memory().bytes).toBe(0);
  });
});
