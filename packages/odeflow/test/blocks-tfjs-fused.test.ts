import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOdeflow, JsBackend, OdeflowError, realiseBlock, type ActivationName, type MlpBlockSpec, type TensorBackend } from 'odeflow';
import { createTfjsBackend } from '@odeflow/backend-tfjs';
import { createWasmBackend } from '@odeflow/backend-wasm';

// The tfjs backends (cpu and wasm kernels) run MLP blocks as fused kernels (one tfjs dispatch per f and per VJP, odeflow's own
// WebAssembly inside). Checked here through the public API against the float64 js realisation of the same
// spec and seed (identical initial weights), and against the op-by-op realisation on the same backend.

function spec(activation: ActivationName, extra: Partial<MlpBlockSpec> = {}): MlpBlockSpec {
  return {
    kind: 'mlp',
    inputSize: 3,
    widths: [9, 7, 3],
    activation,
    outputActivation: 'identity',
    inputTransform: 'none',
    init: { weights: { kind: 'normal', std: 0.5 }, bias: { kind: 'normal', std: 0.2 }, seed: 11 },
    ...extra,
  };
}

const state = [0.3, -0.7, 1.1, -0.2, 0.5, 0.9]; // [2, 3]
const cot = [1.0, -0.5, 0.25, 0.7, 0.1, -1.3];

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 1e-30;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

interface Eval {
  f: Float64Array;
  gy: Float64Array;
  gp: Float64Array[];
  gt: number;
}

function evaluate<T>(b: TensorBackend<T>, s: MlpBlockSpec, realisation: 'auto' | 'backend-ops', shape: number[]): Eval & { realisation: string } {
  const block = realiseBlock(s, b, { realisation });
  const y = b.fromArray(state.slice(0, shape.reduce((p, q) => p * q, 1)), shape);
  const a = b.fromArray(cot.slice(0, shape.reduce((p, q) => p * q, 1)), shape);
  const f = block.dynamics.f(0.4, y, block.params);
  const v = block.dynamics.vjp!(0.4, y, a, block.params);
  const out = {
    f: b.toFloat64Array(f),
    gy: b.toFloat64Array(v.y),
    gp: v.params.map((p) => b.toFloat64Array(p)),
    gt: v.t,
    realisation: block.realisation,
  };
  expect(maxRel(b.toFloat64Array(v.f), out.f)).toBe(0);
  b.dispose([y, a, f, v.f, v.y, ...v.params, ...block.params]);
  return out;
}

for (const [backendName, create] of [
  ['wasm', () => createWasmBackend()],
  ['tfjs', () => createTfjsBackend()],
] as const) describe(`fused MLP kernels of the ${backendName} backend`, () => {
  const cases: [string, MlpBlockSpec][] = [
    ['tanh, cube input', spec('tanh', { inputTransform: 'cube' })],
    ['sigmoid, time input', spec('sigmoid', { timeInput: true })],
    ['softplus, square input, tanh output', spec('softplus', { inputTransform: 'square', outputActivation: 'tanh' })],
    ['relu, time input', spec('relu', { timeInput: true })],
    ['identity, one layer', spec('identity', { widths: [3], timeInput: true })],
  ];
  for (const [label, s] of cases) {
    it(`${label}: f and VJP agree with the float64 js realisation, batch and vector states`, async () => {
      const tb = await create();
      const js = new JsBackend();
      for (const shape of [[2, 3], [3]]) {
        const ref = evaluate(js, s, 'auto', shape);
        const got = evaluate(tb, s, 'auto', shape);
        expect(got.realisation).toBe('fused-kernel');
        expect(maxRel(got.f, ref.f)).toBeLessThan(1e-6);
        expect(maxRel(got.gy, ref.gy)).toBeLessThan(1e-6);
        ref.gp.forEach((g, k) => expect(maxRel(got.gp[k], g)).toBeLessThan(1e-6));
        expect(Math.abs(got.gt - ref.gt)).toBeLessThan(1e-6 * Math.max(1, Math.abs(ref.gt)));
        if (s.timeInput === true) expect(ref.gt).not.toBe(0);
        // and the op-by-op realisation on the same backend (float32 throughout) agrees to float32 accuracy
        const ops = evaluate(tb, s, 'backend-ops', shape);
        expect(ops.realisation).toBe('backend-ops');
        expect(maxRel(got.f, ops.f)).toBeLessThan(1e-5);
        expect(maxRel(got.gy, ops.gy)).toBeLessThan(1e-5);
      }
    });
  }

  it('differentiates under a tfjs tape like its own VJP (f has a registered gradient)', async () => {
    const tb = await create();
    const block = realiseBlock(spec('tanh', { inputTransform: 'cube' }), tb);
    const y = tb.fromArray(state, [2, 3]);
    const a = tb.fromArray(cot, [2, 3]);
    const v = block.dynamics.vjp!(0, y, a, block.params);
    const before = tf.memory().numTensors;
    const g = tf.grads((yy: tf.Tensor, ...ps: tf.Tensor[]) => tf.sum(tf.mul(block.dynamics.f(0, yy, ps), a)))([y, ...block.params]);
    expect(maxRel(g[0].dataSync(), v.y.dataSync())).toBeLessThan(1e-6);
    g.slice(1).forEach((gp, k) => expect(maxRel(gp.dataSync(), v.params[k].dataSync())).toBeLessThan(1e-6));
    expect(tf.memory().numTensors).toBe(before + g.length); // the gradients, nothing else
    tf.dispose([y, a, v.f, v.y, ...v.params, ...g, ...block.params]);
  });

  it('sees parameter updates (variables reassigned, new tensors) and leaks no tensor', async () => {
    const tb = await create();
    const block = realiseBlock(spec('tanh'), tb);
    const y = tb.fromArray(state, [2, 3]);
    const vars = block.params.map((p) => tf.variable(p));
    const f1 = tf.tidy(() => block.dynamics.f(0, y, vars).dataSync().slice());
    tf.tidy(() => vars[0].assign(tf.mul(vars[0], 2) as tf.Tensor2D)); // a new data id: the kernel must copy θ again
    const f2 = tf.tidy(() => block.dynamics.f(0, y, vars).dataSync().slice());
    const ops = realiseBlock(spec('tanh'), tb, { realisation: 'backend-ops' });
    const ref = tf.tidy(() => ops.dynamics.f(0, y, vars).dataSync().slice());
    expect(maxRel(f2, ref)).toBeLessThan(1e-5);
    expect(maxRel(f1, f2)).toBeGreaterThan(1e-3);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      tf.tidy(() => {
        block.dynamics.f(i, y, vars);
        block.dynamics.vjp!(i, y, y, vars);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([y, ...vars, ...block.params, ...ops.params]);
  });

  it('gives the same gradients as the js backend through every sensitivity (float32 accuracy)', async () => {
    const s = spec('tanh', { inputSize: 2, widths: [16, 2], inputTransform: 'cube', init: { weights: { kind: 'normal', std: 0.3 }, seed: 3 } });
    const run = async (backend: string, sensitivity: string) => {
      const flow = await createOdeflow({ backend, sensitivity, options: { rtol: 1e-6, atol: 1e-8 } });
      const b = flow.backend;
      const block = realiseBlock(s, b);
      const y0 = b.fromArray([2, 0, 1.5, 0.5, -1, 1], [3, 2]);
      const { gradients: g, solution } = flow.valueAndGradients(
        { dynamics: block.dynamics, y0, ts: [0, 0.1, 0.2, 0.3], params: block.params },
        (ys) => ({ value: 0, cotangents: ys.map((_, i) => b.fill([3, 2], 0.3 * i)) }),
      );
      const out = { realisation: block.realisation, y0: b.toFloat64Array(g.y0), params: g.params.map((p) => b.toFloat64Array(p)), ts: g.ts };
      b.dispose([g.y0, ...g.params, ...solution.ys.filter((x) => x !== y0), y0, ...block.params]);
      return out;
    };
    for (const sensitivity of ['direct', 'adjoint', 'checkpointed']) {
      const ref = await run('js', sensitivity);
      const got = await run(backendName, sensitivity);
      expect(got.realisation).toBe('fused-kernel');
      expect(maxRel(got.y0, ref.y0)).toBeLessThan(2e-3);
      ref.params.forEach((p, k) => expect(maxRel(got.params[k], p)).toBeLessThan(2e-3));
      expect(maxRel(got.ts, ref.ts)).toBeLessThan(2e-3);
    }
  });

  it('rejects bad shapes with SHAPE_MISMATCH and realisation requests it cannot honour with UNSUPPORTED', async () => {
    const tb = await create();
    const block = realiseBlock(spec('tanh'), tb);
    const bad = tb.fromArray([1, 2, 3, 4], [2, 2]);
    const y = tb.fromArray(state, [2, 3]);
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return e instanceof OdeflowError ? e.code : 'not an OdeflowError';
      }
      return undefined;
    };
    expect(code(() => block.dynamics.f(0, bad, block.params))).toBe('SHAPE_MISMATCH');
    expect(code(() => block.dynamics.f(0, y, block.params.slice(1)))).toBe('SHAPE_MISMATCH');
    expect(code(() => block.dynamics.f(0, y, [block.params[1], ...block.params.slice(1)]))).toBe('SHAPE_MISMATCH');
    expect(code(() => block.dynamics.vjp!(0, y, bad, block.params))).toBe('SHAPE_MISMATCH');
    const ints = tf.tensor(state, [2, 3], 'int32');
    expect(code(() => block.dynamics.f(0, ints, block.params))).toBe('INVALID_ARGUMENT');
    expect(code(() => block.dynamics.vjp!(0, y, ints, block.params))).toBe('INVALID_ARGUMENT');
    ints.dispose();
    expect(code(() => realiseBlock(spec('tanh'), tb, { realisation: 'typed-array' }))).toBe('UNSUPPORTED');
    // the js backend has fused kernels too (the same WebAssembly MLP kernels, float64 in and out)
    expect(realiseBlock(spec('tanh'), new JsBackend(), { realisation: 'fused-kernel' }).realisation).toBe('fused-kernel');
    expect(realiseBlock(spec('tanh'), tb, { vjp: 'autodiff' }).realisation).toBe('backend-ops');
    expect(realiseBlock(spec('tanh'), tb, { realisation: 'fused-kernel' }).realisation).toBe('fused-kernel');
    tf.dispose([bad, y, ...block.params]);
  });
});
