import { beforeAll, describe, expect, it } from 'vitest';
import { createTfjsBackend, type TfjsBackend } from '@odeflow/backend-tfjs';
import { Adam, JsBackend, realiseBlock, RmsProp, SeededRandom, Sgd, train, type MlpBlockSpec, type Optimizer, type TensorBackend } from 'odeflow';

const js = new JsBackend();
let tfjs: TfjsBackend;
beforeAll(async () => {
  tfjs = await createTfjsBackend();
});

function expectFloat32Close(actual: Float64Array, expected: Float64Array, what: string): void {
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > 2e-5 * (scale + Math.abs(expected[i])) + 1e-7) {
      throw new Error(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (scale ${scale})`);
    }
  }
}

describe('MLP blocks on tfjs op by op (backend-ops) agree with the float64 js realisation', () => {
  const specs: MlpBlockSpec[] = [
    { kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube', init: { weights: { kind: 'normal', std: 0.1 }, seed: 1 } },
    {
      kind: 'mlp',
      inputSize: 3,
      widths: [8, 6, 3],
      activation: ['softplus', 'relu'],
      outputActivation: 'sigmoid',
      timeInput: true,
      inputTransform: 'square',
      init: { bias: { kind: 'normal', std: 0.3 }, seed: 2 },
    },
  ];
  it.each(specs)('forward and VJP of $widths with the same seeded weights', (spec) => {
    const a = realiseBlock(spec, js);
    const b = realiseBlock(spec, tfjs, { realisation: 'backend-ops' });
    expect(b.realisation).toBe('backend-ops');
    a.params.forEach((p, k) => expectFloat32Close(tfjs.toFloat64Array(b.params[k]), p.data, `initial ${a.paramNames[k]}`));
    const rng = new SeededRandom(5);
    const n = spec.inputSize;
    const yData = Array.from({ length: 4 * n }, () => rng.normal());
    const aData = Array.from({ length: 4 * n }, () => rng.normal());
    const before = tfjs.memory().tensors;
    const y = tfjs.fromArray(yData, [4, n]);
    const cot = tfjs.fromArray(aData, [4, n]);
    const f = b.dynamics.f(0.4, y, b.params);
    const out = b.dynamics.vjp!(0.4, y, cot, b.params);
    const ref = a.dynamics.vjp!(0.4, js.fromArray(yData, [4, n]), js.fromArray(aData, [4, n]), a.params);
    expectFloat32Close(tfjs.toFloat64Array(f), ref.f.data, 'f');
    expectFloat32Close(tfjs.toFloat64Array(out.f), ref.f.data, 'vjp f');
    expectFloat32Close(tfjs.toFloat64Array(out.y), ref.y.data, 'dy');
    out.params.forEach((g, k) => expectFloat32Close(tfjs.toFloat64Array(g), ref.params[k].data, a.paramNames[k]));
    expect(Math.abs(out.t - ref.t)).toBeLessThanOrEqual(2e-5 * (Math.abs(ref.t) + 1));
    tfjs.dispose([y, cot, f, out.f, out.y, ...out.params]);
    expect(tfjs.memory().tensors).toBe(before);
    tfjs.dispose(b.params);
  });
});

describe('the explicit VJP of the backend-ops realisation on tfjs', () => {
  it('is its default for blocks without relu and agrees with tfjs autodiff', () => {
    const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', inputTransform: 'cube', timeInput: true, init: { weights: { kind: 'normal', std: 0.3 }, seed: 7 } };
    const explicit = realiseBlock(spec, tfjs, { realisation: 'backend-ops' });
    const taped = realiseBlock(spec, tfjs, { vjp: 'autodiff' });
    expect((explicit.dynamics as { vjpMode?: string }).vjpMode).toBe('explicit');
    expect((taped.dynamics as { vjpMode?: string }).vjpMode).toBe('autodiff');
    const rng = new SeededRandom(8);
    const y = tfjs.fromArray(Array.from({ length: 40 }, () => rng.normal()), [20, 2]);
    const a = tfjs.fromArray(Array.from({ length: 40 }, () => rng.normal()), [20, 2]);
    const before = tfjs.memory().tensors;
    const e = explicit.dynamics.vjp!(0.6, y, a, explicit.params);
    expect(tfjs.memory().tensors).toBe(before + 2 + explicit.params.length);
    const g = taped.dynamics.vjp!(0.6, y, a, taped.params);
    expectFloat32Close(tfjs.toFloat64Array(e.f), tfjs.toFloat64Array(g.f), 'f');
    expectFloat32Close(tfjs.toFloat64Array(e.y), tfjs.toFloat64Array(g.y), 'dy');
    e.params.forEach((p, k) => expectFloat32Close(tfjs.toFloat64Array(p), tfjs.toFloat64Array(g.params[k]), explicit.paramNames[k]));
    expect(Math.abs(e.t - g.t)).toBeLessThanOrEqual(2e-5 * (Math.abs(g.t) + 1));
    tfjs.dispose([y, a, e.f, e.y, ...e.params, g.f, g.y, ...g.params, ...explicit.params, ...taped.params]);
  });
});

describe('optimizers on tfjs follow the same formulae as on js', () => {
  const makers: [string, <T>(b: TensorBackend<T>) => Optimizer<T>][] = [
    ['sgd+momentum', (b) => new Sgd(b, { learningRate: 0.1, momentum: 0.9, nesterov: true })],
    ['adam', (b) => new Adam(b, { learningRate: 0.05 })],
    ['rmsprop tfjs', (b) => new RmsProp(b, { learningRate: 0.01, momentum: 0.3, centered: true })],
    ['rmsprop torch', (b) => new RmsProp(b, { learningRate: 0.01, style: 'torch', momentum: 0.2 })],
    ['rmsprop torch, no momentum', (b) => new RmsProp(b, { learningRate: 0.01, style: 'torch' })],
  ];
  it.each(makers)('%s', (_, make) => {
    const rng = new SeededRandom(3);
    const p0 = Array.from({ length: 6 }, () => rng.normal());
    const gs = Array.from({ length: 5 }, () => Array.from({ length: 6 }, () => rng.normal()));
    const run = <T>(b: TensorBackend<T>): Float64Array => {
      const before = b.memory().tensors;
      const opt = make(b);
      const params = [b.fromArray(p0, [2, 3])];
      for (const g of gs) {
        const gt = b.fromArray(g, [2, 3]);
        opt.step(params, [gt]);
        b.dispose(gt);
      }
      const out = b.toFloat64Array(params[0]);
      opt.dispose();
      b.dispose(params);
      expect(b.memory().tensors).toBe(before);
      return out;
    };
    expectFloat32Close(run(tfjs), run(js), 'θ after 5 steps');
  });

  it('train() on tfjs leaks no tensors besides the parameters and the optimizer state', () => {
    const block = realiseBlock({ kind: 'mlp', inputSize: 2, widths: [16, 2], activation: 'tanh', init: { seed: 4 } }, tfjs);
    const params = block.params;
    const optimizer = new RmsProp(tfjs, { learningRate: 0.01, style: 'torch' });
    const start = tfjs.memory().tensors;
    const result = train({
      backend: tfjs,
      params,
      optimizer,
      steps: 60,
      step: ({ random }) => {
        const ys = Array.from({ length: 32 }, () => random.uniform(-1, 1));
        return tfjs.tidy(() => {
          const y = tfjs.fromArray(ys, [16, 2]);
          const f = block.dynamics.f(0, y, params);
          const target = tfjs.fromArray(Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? -ys[i + 1] : ys[i - 1])), [16, 2]);
          const r = tfjs.sub(f, target);
          const loss = tfjs.dot(r, r) / 16;
          const out = block.dynamics.vjp!(0, y, tfjs.mul(r, 2 / 16), params);
          return { loss, grads: out.params };
        });
      },
    });
    expect(result.history[59].loss).toBeLessThan(result.history[0].loss);
    // params were replaced one for one; the optimizer holds two state tensors per parameter
    expect(tfjs.memory().tensors).toBe(start + 2 * params.length);
    optimizer.dispose();
    expect(tfjs.memory().tensors).toBe(start);
    tfjs.dispose(params);
  });
});
