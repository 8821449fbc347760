import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOdeflow, isOdeflowError, JsBackend, realiseBlock, type MlpBlockSpec, type Odeflow, type OdeflowError } from 'odeflow';
import { valueAndGradsTf } from 'odeflow/tfjs';
import { createTfjsBackend } from '@odeflow/backend-tfjs';
import { createWasmBackend } from '@odeflow/backend-wasm';
import { thrownError as thrown } from './helpers/thrown-error.js';

// On the tfjs backends bad tensors are coded errors, not tfjs's plain Errors ("Tensor is disposed",
// "x.dataSync is not a function"), NaN weights and cotangents are NON_FINITE_* errors, and no error path leaves a
// tensor behind (tf.memory().numTensors before and after).

const spec: MlpBlockSpec = { kind: 'mlp', inputSize: 2, widths: [8, 2], activation: 'tanh', init: { weights: { kind: 'normal', std: 0.5 }, seed: 1 } };


/** The error of `fn`, checking that it leaves no tfjs tensor behind. */
function thrownWithoutLeak(fn: () => unknown): OdeflowError {
  const before = tf.memory().numTensors;
  const e = thrown(fn);
  expect(tf.memory().numTensors).toBe(before);
  return e;
}

describe.each([
  ['tfjs', 'fused-kernel'],
  ['tfjs', 'backend-ops'],
  ['wasm', 'fused-kernel'],
  ['wasm', 'backend-ops'],
] as const)('%s backend, %s realisation', (backendName, realisation) => {
  let flows: Record<string, Odeflow<tf.Tensor>> | undefined;
  async function flow(sensitivity = 'adjoint'): Promise<Odeflow<tf.Tensor>> {
    flows ??= {};
    return (flows[sensitivity] ??= await createOdeflow<tf.Tensor>({ backend: backendName, sensitivity }));
  }
  function setup(ode: Odeflow<tf.Tensor>) {
    const block = realiseBlock(spec, ode.backend, { realisation });
    const y0 = ode.backend.fromArray([0.5, -0.3]);
    return { block, y0, problem: { dynamics: block.dynamics, y0, ts: [0, 0.5, 1], params: block.params } };
  }
  const release = (ode: Odeflow<tf.Tensor>, s: ReturnType<typeof setup>) => ode.backend.dispose([s.y0, ...s.block.params]);

  it('a transposed weight or a [1, 8] bias: SHAPE_MISMATCH naming the parameter, no tensor left', async () => {
    const ode = await flow();
    const s = setup(ode);
    const wT = tf.transpose(s.block.params[0]);
    const b = tf.reshape(s.block.params[1], [1, 8]);
    for (const [k, bad, name] of [[0, wT, 'layers.0.weight'], [1, b, 'layers.0.bias']] as const) {
      const params = s.block.params.map((p, j) => (j === k ? bad : p));
      const e = thrownWithoutLeak(() => ode.solve({ ...s.problem, params }));
      expect(e.code).toBe('SHAPE_MISMATCH');
      expect(e.details).toMatchObject({ parameter: name });
      expect(thrownWithoutLeak(() => ode.run({ ...s.problem, params })).code).toBe('SHAPE_MISMATCH');
    }
    tf.dispose([wT, b]);
    release(ode, s);
  });

  it.each([NaN, Infinity])('a %s weight: NON_FINITE_PARAMETER at once, for solve and every sensitivity, no tensor left', async (bad) => {
    const ode = await flow();
    const s = setup(ode);
    const w = s.block.params[2].arraySync() as number[][];
    w[1][0] = bad;
    const nan = tf.tensor(w);
    const params = [s.block.params[0], s.block.params[1], nan, s.block.params[3]];
    const e = thrownWithoutLeak(() => ode.solve({ ...s.problem, params }));
    expect(e.code).toBe('NON_FINITE_PARAMETER');
    expect(e.message).toContain('layers.1.weight');
    expect(() => s.block.dynamics.f(0, s.y0, params)).toThrow(/NON_FINITE_PARAMETER/);
    for (const sensitivity of ['direct', 'adjoint', 'checkpointed']) {
      expect(thrownWithoutLeak(() => ode.run({ ...s.problem, params }, {}, {}) && (void 0 as never)).code).toBe('NON_FINITE_PARAMETER');
      const other = await flow(sensitivity);
      expect(thrownWithoutLeak(() => other.run({ ...s.problem, params })).code).toBe('NON_FINITE_PARAMETER');
    }
    // the good parameters still work after the refusal
    const sol = ode.solve(s.problem);
    expect(ode.backend.toFloat64Array(sol.ys[2]).every(Number.isFinite)).toBe(true);
    tf.dispose([nan, ...sol.ys]);
    release(ode, s);
  });

  it('disposed y0, parameters or cotangents, js tensors and plain arrays: INVALID_ARGUMENT, no tensor left', async () => {
    const ode = await flow();
    const s = setup(ode);
    const dead = tf.clone(s.block.params[0]);
    dead.dispose();
    const deadParams = [dead, ...s.block.params.slice(1)];
    expect(thrownWithoutLeak(() => ode.run({ ...s.problem, params: deadParams })).message).toMatch(/disposed/);
    expect(thrownWithoutLeak(() => s.block.dynamics.f(0, s.y0, deadParams)).message).toMatch(/disposed/);
    const y0 = tf.clone(s.y0);
    y0.dispose();
    expect(thrownWithoutLeak(() => ode.run({ ...s.problem, y0 })).message).toMatch(/problem\.y0 is a disposed tensor/);
    const js = new JsBackend();
    const jsY0 = js.fromArray([0.5, -0.3]) as unknown as tf.Tensor;
    expect(thrownWithoutLeak(() => ode.run({ ...s.problem, y0: jsY0 })).message).toMatch(/problem\.y0 is a JsTensor/);
    expect(thrownWithoutLeak(() => s.block.dynamics.f(0, jsY0, s.block.params)).code).toBe('INVALID_ARGUMENT');

    const run = ode.run(s.problem);
    const zero = () => tf.zeros([2]);
    const gone = zero();
    gone.dispose();
    const cots = [zero(), zero()];
    expect(thrownWithoutLeak(() => run.backward([...cots, gone])).message).toMatch(/disposed/);
    expect(thrownWithoutLeak(() => run.backward([...cots, js.fromArray([1, 0]) as unknown as tf.Tensor])).code).toBe('INVALID_ARGUMENT');
    expect(thrownWithoutLeak(() => run.backward([...cots, [1, 0]] as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrownWithoutLeak(() => run.backward(null as never)).code).toBe('INVALID_ARGUMENT');
    const nan = tf.tensor([NaN, 0]);
    const e = thrownWithoutLeak(() => run.backward([...cots, nan]));
    expect(e.code).toBe('NON_FINITE_COTANGENT');
    expect(e.details).toMatchObject({ index: 2, t: 1 });
    const one = tf.tensor([1, 0]);
    const g = run.backward([...cots, one]);
    expect(ode.backend.toFloat64Array(g.y0).every(Number.isFinite)).toBe(true);
    tf.dispose([...cots, nan, one, g.y0, ...g.params, ...run.solution.ys]);
    release(ode, s);
  });

  it('valueAndGradsTf with a loss whose cotangent is NaN: NON_FINITE_COTANGENT', async () => {
    const ode = await flow();
    const s = setup(ode);
    for (const sensitivity of ['direct', 'adjoint', 'checkpointed']) {
      const before = tf.memory().numTensors;
      const e = thrown(() => valueAndGradsTf(ode, s.problem, (ys) => tf.mul(tf.sum(ys), tf.scalar(NaN)), { sensitivity }));
      expect(e.code).toBe('NON_FINITE_COTANGENT');
      expect(tf.memory().numTensors).toBe(before);
    }
    release(ode, s);
  });

  it('valueAndGradients with a loss returning a NaN or plain-array cotangent: coded errors, no tensor left', async () => {
    for (const sensitivity of ['direct', 'adjoint', 'checkpointed']) {
      const ode = await flow(sensitivity);
      const s = setup(ode);
      const before = tf.memory().numTensors;
      const nan = thrown(() => ode.valueAndGradients(s.problem, (ys) => ({ value: 0, cotangents: ys.map(() => tf.fill([2], NaN)) })));
      expect(nan.code).toBe('NON_FINITE_COTANGENT');
      const plain = thrown(() => ode.valueAndGradients(s.problem, (ys) => ({ value: 0, cotangents: ys.map(() => [1, 0]) as never })));
      expect(plain.code).toBe('INVALID_ARGUMENT');
      expect(tf.memory().numTensors).toBe(before);
      release(ode, s);
    }
  });
});

describe('the tfjs backend factories refuse bad options with coded errors', () => {
  /** The rejection of a promise, which must be an OdeflowError. */
  async function rejected(p: Promise<unknown>): Promise<OdeflowError> {
    try {
      await p;
    } catch (e) {
      if (isOdeflowError(e)) return e;
      throw e;
    }
    throw new Error('expected a rejection');
  }

  it('createTfjsBackend: null, unknown keys, wrong types, a __proto__ prototype', async () => {
    expect((await rejected(createTfjsBackend(null as never))).code).toBe('INVALID_ARGUMENT');
    expect((await rejected(createTfjsBackend({ fusedBlock: false } as never))).message).toMatch(/unknown option "fusedBlock"/);
    expect((await rejected(createTfjsBackend({ tfjsBackend: 5 } as never))).message).toMatch(/option tfjsBackend must be a string/);
    expect((await rejected(createTfjsBackend({ fusedMlp: {} } as never))).code).toBe('INVALID_ARGUMENT');
    expect((await rejected(createTfjsBackend({ __proto__: { tfjsBackend: 'webgl' } } as never))).code).toBe('INVALID_ARGUMENT');
  });

  it('createWasmBackend: wrong types and unknown keys', async () => {
    expect((await rejected(createWasmBackend({ simd: 'no' } as never))).message).toMatch(/option simd must be a boolean/);
    expect((await rejected(createWasmBackend({ wasmPaths: 3 } as never))).code).toBe('INVALID_ARGUMENT');
    expect((await rejected(createWasmBackend({ threads: 2 } as never))).code).toBe('INVALID_ARGUMENT');
  });
});
