import { describe, expect, it } from 'vitest';
import { createOdeflow, realiseBlock, type MlpBlockSpec } from 'odeflow';

// Every sensitivity through the facade on the tfjs backend: forward, backward, no disposed-tensor errors, no
// leaks, and gradients that agree with the float64 js backend's to float32 accuracy.
const spec: MlpBlockSpec = {
  kind: 'mlp',
  inputSize: 2,
  widths: [16, 2],
  activation: 'tanh',
  inputTransform: 'cube',
  init: { weights: { kind: 'normal', std: 0.3 }, bias: { kind: 'zeros' }, seed: 3 },
};
const ts = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
const y0 = [
  [2, 0],
  [1.5, 0.5],
  [-1, 1],
];

async function gradients(backend: string, sensitivity: string): Promise<{ y0: Float64Array; params: Float64Array[]; ts: number[]; leaked: number }> {
  const flow = await createOdeflow({ backend, sensitivity, options: { rtol: 1e-6, atol: 1e-8 } });
  const b = flow.backend;
  const block = realiseBlock(spec, b);
  const y0t = b.fromArray(y0.flat(), [3, 2]);
  const before = b.memory().tensors;
  const { gradients: g, solution } = flow.valueAndGradients(
    { dynamics: block.dynamics, y0: y0t, ts, params: block.params },
    (ys) => ({ value: 0, cotangents: ys.map((_, i) => b.fill([3, 2], i === ys.length - 1 ? 1 : 0.1 * i)) }),
  );
  const out = { y0: b.toFloat64Array(g.y0), params: g.params.map((p) => b.toFloat64Array(p)), ts: g.ts, leaked: 0 };
  b.dispose([g.y0, ...g.params, ...solution.ys]);
  out.leaked = b.memory().tensors - before;
  b.dispose([y0t, ...block.params]);
  return out;
}

function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe('sensitivities on the tfjs backend', () => {
  for (const sensitivity of ['direct', 'adjoint', 'checkpointed']) {
    it(`${sensitivity}: gradients agree with the float64 js backend and nothing leaks`, async () => {
      const ref = await gradients('js', sensitivity);
      const got = await gradients('tfjs', sensitivity);
      expect(got.leaked).toBe(0);
      expect(relDiff(got.y0, ref.y0)).toBeLessThan(2e-3);
      for (let i = 0; i < ref.params.length; i++) expect(relDiff(got.params[i], ref.params[i])).toBeLessThan(2e-3);
      expect(relDiff(got.ts, ref.ts)).toBeLessThan(2e-3);
    });
  }
});
