import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { realiseBlock, type Odeflow } from 'odeflow';
import { odeintTf, valueAndGradsTf } from 'odeflow/tfjs';
import { float64Reference, relativeError, SPEC, tfLoss, tfOdeflow, toArrays, TS, Y0, type Reference } from './tfjs-fixtures.js';

let ode: Odeflow<tf.Tensor>;
let ref: Reference;
beforeAll(async () => {
  ode = await tfOdeflow('wasm');
  ref = await float64Reference();
});

describe('odeintTf and valueAndGradsTf on the wasm backend', () => {
  it('solves on tfjs-backend-wasm kernels, forward values as in float64', () => {
    expect(ode.backend.name).toBe('wasm');
    const block = realiseBlock(SPEC, ode.backend);
    const y0 = tf.tensor1d(Y0);
    const ys = odeintTf(ode, { dynamics: block.dynamics, y0, ts: TS, params: block.params });
    expect(tf.getBackend()).toBe('wasm');
    const loss = tfLoss(ys);
    expect(Math.abs(loss.dataSync()[0] - ref.value)).toBeLessThan(1e-4 * (1 + Math.abs(ref.value)));
    tf.dispose([ys, y0, loss, ...block.params]);
  });

  it.each(['direct', 'adjoint', 'checkpointed'])('%s: tf.variableGrads through odeintTf equals the explicit API and the float64 reference', (sensitivity) => {
    const block = realiseBlock(SPEC, ode.backend);
    const y0 = tf.variable(tf.tensor1d(Y0));
    const theta = block.params.map((p) => tf.variable(p));
    tf.dispose(block.params);
    const { value, grads } = tf.variableGrads(() => tfLoss(odeintTf(ode, { dynamics: block.dynamics, y0, ts: TS, params: theta }, { sensitivity })), [y0, ...theta]);
    const viaTape = toArrays([grads[y0.name], ...theta.map((v) => grads[v.name])]);
    expect(Math.abs(value.dataSync()[0] - ref.value)).toBeLessThan(1e-4 * (1 + Math.abs(ref.value)));
    expect(relativeError(viaTape, [ref.y0, ...ref.params])).toBeLessThan(2e-4);

    const explicit = valueAndGradsTf(ode, { dynamics: block.dynamics, y0, ts: TS, params: theta }, tfLoss, { sensitivity });
    expect(relativeError(viaTape, toArrays([explicit.grads.y0, ...explicit.grads.params]))).toBeLessThan(1e-6);
    tf.dispose([value, ...Object.values(grads), explicit.ys, explicit.grads.y0, ...explicit.grads.params, y0, ...theta]);
  });

  it('tf.train.adam through odeintTf (adjoint) reduces the loss with a constant tensor count over 50 iterations', () => {
    const target = tf.tidy(() =>
      odeintTf(
        ode,
        { dynamics: (_t, y) => tf.reshape(tf.matMul(tf.reshape(y, [1, 2]), tf.tensor2d([[-0.1, -1.0], [1.0, -0.1]])), [2]), y0: tf.tensor1d(Y0), ts: TS, params: [] },
        { time: 'autonomous' },
      ),
    );
    const block = realiseBlock(SPEC, ode.backend);
    const theta = block.params.map((p) => tf.variable(p));
    tf.dispose(block.params);
    const y0 = tf.tensor1d(Y0);
    const optimizer = tf.train.adam(0.02);
    const step = (): number => {
      const l = optimizer.minimize(
        () => tf.mean(tf.square(tf.sub(odeintTf(ode, { dynamics: block.dynamics, y0, ts: TS, params: theta }, { sensitivity: 'adjoint' }), target))) as tf.Scalar,
        true,
        theta,
      )!;
      const v = l.dataSync()[0];
      l.dispose();
      return v;
    };
    const initial = step();
    const tensors = tf.memory().numTensors;
    let last = initial;
    for (let i = 0; i < 50; i++) {
      last = step();
      expect(tf.memory().numTensors).toBe(tensors);
    }
    expect(last).toBeLessThan(0.3 * initial);
    optimizer.dispose();
    tf.dispose([target, y0, ...theta]);
  });
});
