import { describe, expect, it } from 'vitest';
import { createOdeflow, loadMlpKernels, loadMlpKernelsSync, realiseBlock, RmsProp, type BlockRealisation, type JsTensor, type MlpBlockSpec } from 'odeflow';

// The js backend's two MLP realisations (WebAssembly kernels by default, hand-written typed-array kernels on
// request) through the whole pipeline: sensitivities and a training loop see the same numbers.

const spiral: MlpBlockSpec = {
  kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube',
  init: { weights: { kind: 'normal', std: 0.3 }, bias: { kind: 'normal', std: 0.1 }, seed: 2 },
}; // prettier-ignore

function maxRel(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]));
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(scale, 1e-300));
  return worst;
}

async function gradients(sensitivity: string, realisation: BlockRealisation, spec: MlpBlockSpec) {
  const flow = await createOdeflow<JsTensor>({ backend: 'js', sensitivity, options: { rtol: 1e-8, atol: 1e-10 } });
  const b = flow.backend;
  const block = realiseBlock(spec, b, { realisation });
  const y0 = b.fromArray([2, 0, 1.5, 0.5, -1, 1], [3, 2]);
  const ts = [0, 0.1, 0.25, 0.4];
  const { value, gradients: g, solution } = flow.valueAndGradients({ dynamics: block.dynamics, y0, ts, params: block.params }, (ys) => {
    let v = 0;
    const cotangents = ys.map((y, i) => {
      const d = y.data.map((x) => x - 0.1 * i);
      d.forEach((x) => (v += 0.5 * x * x));
      return b.fromArray(d, y.shape);
    });
    return { value: v, cotangents };
  });
  const out = { realisation: block.realisation, value, y0: g.y0.data.slice(), params: g.params.map((p) => p.data.slice()), ts: [...g.ts] };
  b.dispose([g.y0, ...g.params, ...solution.ys.filter((x) => x !== y0), y0, ...block.params]);
  return out;
}

describe('js blocks: WebAssembly kernels and typed-array kernels through the pipeline', () => {
  it('createOdeflow({ backend: "js" }) has the kernels loaded (one instance per process)', async () => {
    await createOdeflow({ backend: 'js' });
    const sync = loadMlpKernelsSync();
    expect(sync).toBeDefined();
    expect(await loadMlpKernels()).toBe(sync);
  });

  // tanh is bit-identical in f and VJP; only the order of accumulated parameter sums differs (measured
  // ≤ 1e-15). softplus goes through exp/log1p, where the WebAssembly module's libm differs from V8's in the
  // last bit; the adaptive steps carry that into the times' gradients (measured 1.5e-12), hence 1e-11.
  const cases: [MlpBlockSpec, number][] = [
    [spiral, 1e-12],
    [{ ...spiral, widths: [16, 8, 2], activation: 'softplus', timeInput: true, inputTransform: 'none' }, 1e-11],
  ];
  for (const sensitivity of ['direct', 'adjoint', 'checkpointed']) {
    it(`${sensitivity}: the same loss and gradients (y0, every parameter, times)`, async () => {
      for (const [spec, tolerance] of cases) {
        const fused = await gradients(sensitivity, 'auto', spec);
        const typed = await gradients(sensitivity, 'typed-array', spec);
        expect(fused.realisation).toBe('fused-kernel');
        expect(typed.realisation).toBe('typed-array');
        expect(maxRel([fused.value], [typed.value])).toBeLessThanOrEqual(tolerance);
        expect(maxRel(fused.y0, typed.y0)).toBeLessThanOrEqual(tolerance);
        fused.params.forEach((p, k) => expect(maxRel(p, typed.params[k]), `parameter ${k}`).toBeLessThanOrEqual(tolerance));
        expect(maxRel(fused.ts, typed.ts)).toBeLessThanOrEqual(tolerance);
      }
    });
  }

  it('40 RMSprop steps on spiral windows give the same losses under both realisations (1e-10)', async () => {
    const train = async (realisation: BlockRealisation) => {
      const flow = await createOdeflow<JsTensor>({ backend: 'js', sensitivity: 'direct', options: { rtol: 1e-7, atol: 1e-9 } });
      const b = flow.backend;
      const block = realiseBlock(spiral, b, { realisation });
      const optimizer = new RmsProp(b, { learningRate: 1e-2, style: 'torch' });
      const ts = Array.from({ length: 10 }, (_, i) => 0.025 * i);
      // targets: the ode_demo spiral y' = (y³)·A, sampled once with the true matrix
      const truth = (t0: number) => [2 * Math.cos(3 * t0), 2 * Math.sin(3 * t0)];
      const losses: number[] = [];
      for (let step = 0; step < 40; step++) {
        const starts = [0.1 * step, 0.1 * step + 0.5, 0.1 * step + 1.3];
        const y0 = b.fromArray(starts.flatMap(truth), [3, 2]);
        const { value, gradients: g, solution } = flow.valueAndGradients({ dynamics: block.dynamics, y0, ts, params: block.params }, (ys) => {
          let v = 0;
          const cotangents = ys.map((y, i) => {
            const target = starts.flatMap((s) => truth(s + ts[i]));
            const c = y.data.map((x, j) => Math.sign(x - target[j]) / y.data.length);
            y.data.forEach((x, j) => (v += Math.abs(x - target[j]) / y.data.length));
            return b.fromArray(c, y.shape);
          });
          return { value: v, cotangents };
        });
        losses.push(value);
        optimizer.step(block.params, g.params);
        b.dispose([g.y0, ...g.params, ...solution.ys.filter((x) => x !== y0), y0]);
      }
      b.dispose(block.params);
      return losses;
    };
    const fused = await train('auto');
    const typed = await train('typed-array');
    expect(fused[39]).not.toBe(fused[0]);
    fused.forEach((l, i) => expect(Math.abs(l - typed[i]) / typed[i], `step ${i}`).toBeLessThanOrEqual(1e-10));
  });
});
