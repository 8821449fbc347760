import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Adam, createOdeflow, createOptimizer, JsBackend, RmsProp, Sgd, type Optimizer, type TensorBackend } from 'odeflow';
import { thrownError as thrown } from './helpers/thrown-error.js';

// The optimizers answer bad input with coded errors: mismatched or non-tensor gradients, learning rates that are
// NaN, negative or not numbers (also when set between steps), flags that are not booleans, option objects with
// unknown keys or a prototype smuggled in with a __proto__ key (whose fields used to be read as options).


const makers: [string, <T>(b: TensorBackend<T>) => Optimizer<T>][] = [
  ['sgd', (b) => new Sgd(b, { learningRate: 0.1, momentum: 0.5 })],
  ['adam', (b) => new Adam(b, { learningRate: 0.1 })],
  ['rmsprop', (b) => new RmsProp(b, { learningRate: 0.1 })],
];

describe.each(makers)('%s', (kind, make) => {
  it('step with gradients of the wrong shape, count or type: coded errors, parameters untouched', () => {
    const be = new JsBackend();
    const opt = make(be);
    const params = [be.fromArray([1, 2, 3, 4, 5, 6], [2, 3])];
    const e = thrown(() => opt.step(params, [be.fromArray([1, 1, 1, 1, 1, 1], [3, 2])]));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toMatch(/gradient 0 has shape \[3, 2\], its parameter \[2, 3\]/);
    expect(thrown(() => opt.step(params, [])).code).toBe('SHAPE_MISMATCH');
    expect(thrown(() => opt.step(params, null as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => opt.step(params, [[1, 2, 3, 4, 5, 6]] as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => opt.step([null] as never, [be.zeros([2, 3])])).code).toBe('INVALID_ARGUMENT');
    expect(params[0].toArray()).toEqual([1, 2, 3, 4, 5, 6]);
    opt.step(params, [be.fill([2, 3], 1)]);
    expect(params[0].toArray().every((v, i) => v < i + 1)).toBe(true);
  });

  it('a NaN, negative, infinite or non-number learning rate, in the options or set later', () => {
    const be = new JsBackend();
    for (const bad of [NaN, -0.1, 0, Infinity, '0.1'] as unknown[]) {
      expect(thrown(() => createOptimizer({ kind, learningRate: bad }, be)).code).toBe('INVALID_ARGUMENT');
      const opt = make(be);
      expect(thrown(() => (opt.learningRate = bad as number)).code).toBe('INVALID_ARGUMENT');
      expect(opt.learningRate).toBe(0.1);
    }
    const opt = make(be);
    opt.learningRate = 0.05;
    expect(opt.learningRate).toBe(0.05);
  });

  it('unknown keys, a __proto__ prototype, non-objects and a missing backend', () => {
    const be = new JsBackend();
    const sneaky = { kind, learningRate: 0.1, __proto__: { momentum: 0.9, beta1: 0.5, decay: 0.5 } };
    expect(thrown(() => createOptimizer(sneaky as never, be)).code).toBe('INVALID_SPEC');
    const ctor = kind === 'sgd' ? Sgd : kind === 'adam' ? Adam : RmsProp;
    expect(thrown(() => new ctor(be, sneaky as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new ctor(be, { learningRate: 0.1, lerningRate: 1 } as never)).message).toMatch(/unknown option "lerningRate"/);
    expect(thrown(() => new ctor(be, null as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new ctor(null as never, { learningRate: 0.1 })).code).toBe('INVALID_ARGUMENT');
    const parsed = JSON.parse(`{"kind":"${kind}","learningRate":0.1,"__proto__":{"momentum":0.9}}`);
    expect(thrown(() => createOptimizer(parsed, be)).code).toBe('INVALID_SPEC');
  });
});

describe('flags are booleans', () => {
  it("nesterov: 'yes' and centered: 1 are refused instead of read as false", () => {
    const be = new JsBackend();
    expect(thrown(() => new Sgd(be, { learningRate: 0.1, momentum: 0.5, nesterov: 'yes' as never })).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => createOptimizer({ kind: 'rmsprop', learningRate: 0.1, centered: 1 }, be)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('on tfjs: disposed parameters or gradients and js tensors are coded errors, no tensor left', () => {
  it.each(makers)('%s', async (_kind, make) => {
    const ode = await createOdeflow<tf.Tensor>({ backend: 'tfjs' });
    const be = ode.backend;
    const opt = make(be);
    const params = [tf.tensor([1, 2, 3])];
    const before = tf.memory().numTensors;
    const dead = tf.tensor([1, 1, 1]);
    dead.dispose();
    expect(thrown(() => opt.step(params, [dead])).message).toMatch(/grads\[0\] is a disposed tensor/);
    expect(thrown(() => opt.step(params, [new JsBackend().fromArray([1, 1, 1]) as never])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => opt.step(params, [tf.zeros([3, 1])])).code).toBe('SHAPE_MISMATCH');
    expect(tf.memory().numTensors).toBe(before + 1); // the zeros made in the line above
    opt.dispose();
    tf.dispose(params);
  });
});
