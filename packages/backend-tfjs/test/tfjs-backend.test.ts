import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Container } from 'inversify';
import { resolveNamed, TOKENS } from '@odeflow/core';
import { createTfjsBackend, TfjsBackend, tfjsModule } from '@odeflow/backend-tfjs';
import { backendConformance } from '../../core/test/backend-conformance.js';

backendConformance({ name: 'tfjs', dtype: 'float32', create: () => createTfjsBackend() });

describe('tfjs backend specifics', () => {
  it('is bound by name in tfjsModule and created lazily, once', async () => {
    const c = new Container();
    c.load(tfjsModule);
    const factory = resolveNamed(c, TOKENS.Backend, 'tfjs', 'backend');
    expect(factory.name).toBe('tfjs');
    const b1 = await factory.create();
    const b2 = await factory.create();
    expect(b1).toBe(b2);
    expect(b1).toBeInstanceOf(TfjsBackend);
    expect(b1.name).toBe('tfjs');
  });

  it('lincomb reads its inputs afresh: repeated calls agree, a variable is seen after assign, a disposed tensor fails', async () => {
    const b = await createTfjsBackend();
    const x = b.fromArray([1, 2, 3]);
    const y = b.fromArray([10, 20, 30]);
    const first = b.lincomb([1, 2], [x, y]);
    const again = b.lincomb([1, 2], [x, y]);
    expect(Array.from(b.toFloat64Array(again))).toEqual(Array.from(b.toFloat64Array(first)));
    expect(Array.from(b.toFloat64Array(first))).toEqual([21, 42, 63]);
    const v = tf.variable(tf.tensor1d([1, 1, 1]));
    const before = b.lincomb([1, 1], [v, x]);
    expect(Array.from(b.toFloat64Array(before))).toEqual([2, 3, 4]);
    v.assign(tf.tensor1d([5, 5, 5]));
    const after = b.lincomb([1, 1], [v, x]);
    expect(Array.from(b.toFloat64Array(after))).toEqual([6, 7, 8]);
    b.dispose(y);
    expect(() => b.lincomb([1, 1], [x, y])).toThrow();
    b.dispose([x, first, again, before, after]);
    v.dispose();
  });

  it('rejects tfjs kernels that are not registered, naming the fix', async () => {
    await expect(createTfjsBackend({ tfjsBackend: 'webgpu' })).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect(() => new TfjsBackend({ tfjsBackend: 'webgpu' })).toThrow(/not registered/);
  });

  it('its VJP can run inside a tf.customGrad gradient within tf.variableGrads (an adjoint inside tfjs training)', async () => {
    const b = await createTfjsBackend();
    // g(x) = tanh(x ⊙ w); its backward pass is computed by the backend's own VJP, as an adjoint would
    const w = tf.variable(tf.tensor1d([0.5, -1.5, 2]));
    const x0 = tf.tensor1d([0.3, 0.2, -0.4]);
    const block = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [x, wv, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([x, wv]);
      return {
        value: tf.tanh(tf.mul(x, wv)),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const r = b.autodiff.vjp((xx, ww) => b.tanh(b.mul(xx, ww)), [saved[0], saved[1]], dy);
          r.value.dispose();
          return r.grads;
        },
      };
    });
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(block(x0, w) as tf.Tensor)) as tf.Scalar);
    const xs = [0.3, 0.2, -0.4];
    const ws = [0.5, -1.5, 2];
    // d/dw Σ tanh(x w)² = 2 tanh(xw)(1 − tanh²(xw)) x
    const want = ws.map((wi, i) => {
      const th = Math.tanh(xs[i] * wi);
      return 2 * th * (1 - th * th) * xs[i];
    });
    const got = Array.from(grads[w.name].dataSync());
    for (let i = 0; i < 3; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-6);
    expect(value.dataSync()[0]).toBeCloseTo(ws.reduce((s, wi, i) => s + Math.tanh(xs[i] * wi) ** 2, 0), 6);
    tf.dispose([value, grads[w.name]]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, x0]);
  });

  it('keeps working when another tfjs backend became active in between', async () => {
    const b = await createTfjsBackend();
    const x = b.fromArray([1, 2]);
    // user code switches tfjs to another registered kernel set; the backend switches back per op
    tf.registerBackend('other-cpu', () => new (tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend)());
    try {
      await tf.setBackend('other-cpu');
      expect(tf.getBackend()).toBe('other-cpu');
      const y = b.mul(x, 3);
      expect(tf.getBackend()).toBe('cpu');
      expect(Array.from(b.toFloat64Array(y))).toEqual([3, 6]);
      b.dispose([x, y]);
    } finally {
      tf.removeBackend('other-cpu');
      await tf.setBackend('cpu');
    }
  });
});
