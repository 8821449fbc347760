import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOdeflow, OdeflowError, realiseBlock, type Dynamics, type JsTensor, type Odeflow } from 'odeflow';
import { odeintTf, valueAndGradsTf, type TfOdeProblem } from 'odeflow/tfjs';
import { float64Reference, relativeError, SPEC, tfLoss, tfOdeflow, toArrays, TS, Y0, type Reference } from './tfjs-fixtures.js';

const SENSITIVITIES = ['direct', 'adjoint', 'checkpointed'] as const;

let ode: Odeflow<tf.Tensor>;
let ref: Reference;
beforeAll(async () => {
  ode = await tfOdeflow('tfjs');
  ref = await float64Reference();
});

/** Gradients of the fixture loss through odeintTf inside tf.variableGrads, for y0 and every parameter. */
function variableGradsThroughOdeint(sensitivity: string): { value: number; grads: Float64Array[] } {
  const block = realiseBlock(SPEC, ode.backend);
  const y0 = tf.variable(tf.tensor1d(Y0), true, `y0-${sensitivity}`);
  const theta = block.params.map((p, k) => tf.variable(p, true, `theta-${sensitivity}-${k}`));
  tf.dispose(block.params);
  const { value, grads } = tf.variableGrads(() => tfLoss(odeintTf(ode, { dynamics: block.dynamics, y0, ts: TS, params: theta }, { sensitivity })), [y0, ...theta]);
  const out = { value: value.dataSync()[0], grads: toArrays([grads[y0.name], ...theta.map((v) => grads[v.name])]) };
  tf.dispose([value, ...Object.values(grads), y0, ...theta]);
  return out;
}

describe('the float64 reference', () => {
  it('agrees with central finite differences of the loss', () => {
    const h = 1e-6;
    const probes: [string, (y: Float64Array, ps: Float64Array[], d: number) => void, number][] = [
      ['y0[0]', (y, _ps, d) => (y[0] += d), ref.y0[0]],
      ['y0[1]', (y, _ps, d) => (y[1] += d), ref.y0[1]],
      ['W1[1,3]', (_y, ps, d) => (ps[0][1 * 8 + 3] += d), ref.params[0][1 * 8 + 3]],
      ['b1[5]', (_y, ps, d) => (ps[1][5] += d), ref.params[1][5]],
      ['W2[6,1]', (_y, ps, d) => (ps[2][6 * 2 + 1] += d), ref.params[2][6 * 2 + 1]],
      ['b2[0]', (_y, ps, d) => (ps[3][0] += d), ref.params[3][0]],
    ];
    for (const [what, edit, g] of probes) {
      const fd = (ref.lossAt((y, ps) => edit(y, ps, h)) - ref.lossAt((y, ps) => edit(y, ps, -h))) / (2 * h);
      expect(Math.abs(fd - g), what).toBeLessThan(1e-6 * (1 + Math.abs(g)));
    }
  });
});

describe('odeintTf inside tf.variableGrads (tfjs)', () => {
  it.each(SENSITIVITIES)('%s: gradients for y0 and θ equal the explicit API and the float64 reference', (sensitivity) => {
    const viaTape = variableGradsThroughOdeint(sensitivity);
    expect(Math.abs(viaTape.value - ref.value)).toBeLessThan(1e-4 * (1 + Math.abs(ref.value)));
    const reference = [ref.y0, ...ref.params];
    expect(relativeError(viaTape.grads, reference)).toBeLessThan(2e-4);
    // every tensor, not only the norm: each parameter's gradient on its own
    viaTape.grads.forEach((g, k) => expect(relativeError([g], [reference[k]]), `input ${k}`).toBeLessThan(1e-3));

    const block = realiseBlock(SPEC, ode.backend);
    const y0 = tf.tensor1d(Y0);
    const explicit = valueAndGradsTf(ode, { dynamics: block.dynamics, y0, ts: TS, params: block.params }, tfLoss, { sensitivity });
    expect(explicit.value).toBeCloseTo(viaTape.value, 5);
    expect(explicit.ys.shape).toEqual([TS.length, 2]);
    const explicitGrads = toArrays([explicit.grads.y0, ...explicit.grads.params]);
    expect(relativeError(viaTape.grads, explicitGrads)).toBeLessThan(1e-6);
    expect(explicit.stats.nfeBackward).toBeGreaterThan(0);
    tf.dispose([y0, explicit.ys, explicit.grads.y0, ...explicit.grads.params, ...block.params]);
  });

  it('tf.grads through odeintTf for y0 alone (a plain tensor, not a variable), with a batch of states', () => {
    const block = realiseBlock(SPEC, ode.backend);
    const y0 = tf.tensor2d([Y0, [-0.3, 0.9]]);
    const before = tf.memory().numTensors;
    const [g] = tf.grads((y: tf.Tensor) => tf.sum(tf.square(odeintTf(ode, { dynamics: block.dynamics, y0: y, ts: TS, params: block.params }))))([y0]);
    expect(g.shape).toEqual([2, 2]);
    // each batch row is its own problem: row 0 must match the single-state gradient of Σ ys²
    const single = valueAndGradsTf(ode, { dynamics: block.dynamics, y0: tf.tensor1d(Y0), ts: TS, params: block.params }, (ys) => tf.sum(tf.square(ys)));
    expect(relativeError([g.dataSync().slice(0, 2)], [single.grads.y0.dataSync()])).toBeLessThan(1e-4);
    tf.dispose([single.ys, single.grads.y0, ...single.grads.params]);
    expect(tf.memory().numTensors).toBe(before + 1 + 1); // g, and the explicit call's y0 literal
    tf.dispose([g, y0, ...block.params]);
  });

  it('two odeintTf ops in one loss, sharing θ, accumulate their gradients (adjoint + direct)', () => {
    const block = realiseBlock(SPEC, ode.backend);
    const theta = block.params.map((p) => tf.variable(p));
    tf.dispose(block.params);
    const y0a = tf.tensor1d(Y0);
    const y0b = tf.tensor1d([-0.2, 0.5]);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(
      () =>
        tf.add(
          tfLoss(odeintTf(ode, { dynamics: block.dynamics, y0: y0a, ts: TS, params: theta }, { sensitivity: 'adjoint' })),
          tfLoss(odeintTf(ode, { dynamics: block.dynamics, y0: y0b, ts: TS, params: theta }, { sensitivity: 'direct' })),
        ) as tf.Scalar,
      theta,
    );
    const together = toArrays(theta.map((v) => grads[v.name]));
    const a = valueAndGradsTf(ode, { dynamics: block.dynamics, y0: y0a, ts: TS, params: theta }, tfLoss, { sensitivity: 'adjoint' });
    const b = valueAndGradsTf(ode, { dynamics: block.dynamics, y0: y0b, ts: TS, params: theta }, tfLoss, { sensitivity: 'direct' });
    const sum = toArrays(a.grads.params).map((g, k) => g.map((x, i) => x + b.grads.params[k].dataSync()[i]));
    expect(relativeError(together, sum)).toBeLessThan(1e-6);
    expect(value.dataSync()[0]).toBeCloseTo(a.value + b.value, 4);
    tf.dispose([value, ...Object.values(grads), a.ys, a.grads.y0, ...a.grads.params, b.ys, b.grads.y0, ...b.grads.params]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([y0a, y0b, ...theta]);
  });

  it('dynamics whose own vjp calls tf.grads (not odeflow\'s autodiff) also back-propagate inside tf.variableGrads', () => {
    const fn = (y: tf.Tensor, w: tf.Tensor) => tf.reshape(tf.tanh(tf.matMul(tf.reshape(y, [1, 2]), w)), [2]);
    const own: Dynamics<tf.Tensor> = {
      name: 'own-vjp',
      f: (_t, y, [w]) => tf.tidy(() => fn(y, w)),
      vjp: (_t, y, a, [w]) => {
        const [gy, gw] = tf.grads((yy: tf.Tensor, ww: tf.Tensor) => fn(yy, ww))([y, w], a);
        return { f: tf.tidy(() => fn(y, w)), y: gy, params: [gw], t: 0 };
      },
    };
    const W = tf.variable(tf.tensor2d([[0.2, -1.3], [1.1, 0.1]]));
    const y0 = tf.tensor1d(Y0);
    const byTape = (dynamics: TfOdeProblem['dynamics']) => {
      const { value, grads } = tf.variableGrads(() => tfLoss(odeintTf(ode, { dynamics, y0, ts: TS, params: [W] }, { time: 'autonomous' })), [W]);
      const g = Float64Array.from(grads[W.name].dataSync());
      tf.dispose([value, grads[W.name]]);
      return g;
    };
    const before = tf.memory().numTensors;
    const viaOwn = byTape(own);
    expect(tf.memory().numTensors).toBe(before);
    const viaAutodiff = byTape((_t, y, [w]) => fn(y, w));
    expect(relativeError([viaOwn], [viaAutodiff])).toBeLessThan(1e-6);
    expect(Math.max(...viaOwn.map(Math.abs))).toBeGreaterThan(1e-3);
    tf.dispose([W, y0]);
  });

  it('a function in tfjs ops as dynamics: gradients match float32 finite differences on a fixed-step rk4 solve', async () => {
    const rk4 = await createOdeflow<tf.Tensor>({ backend: 'tfjs', solver: 'rk4', options: { stepSize: 0.02 } });
    // dy/dt = tanh(y·A)·cos(t) + b
    const f = (t: number, y: tf.Tensor, [A, b]: readonly tf.Tensor[]) =>
      tf.reshape(tf.add(tf.mul(tf.tanh(tf.matMul(tf.reshape(y, [1, 2]), A)), Math.cos(t)), b), [2]);
    const A = tf.variable(tf.tensor2d([[0.3, -1.1], [0.8, 0.2]]));
    const b = tf.variable(tf.tensor1d([0.05, -0.1]));
    const y0 = tf.tensor1d([0.5, 0.7]);
    const loss = (ys: tf.Tensor) => tf.sum(tf.square(ys)) as tf.Scalar;
    for (const sensitivity of SENSITIVITIES) {
      const { value, grads } = tf.variableGrads(() => loss(odeintTf(rk4, { dynamics: f, y0, ts: TS, params: [A, b] }, { sensitivity })), [A, b]);
      const gA = grads[A.name].dataSync();
      const gB = grads[b.name].dataSync();
      const h = 1e-2;
      const lossWith = (edit: (a: Float32Array, bb: Float32Array) => void): number =>
        tf.tidy(() => {
          const a = Float32Array.from(A.dataSync());
          const bb = Float32Array.from(b.dataSync());
          edit(a, bb);
          return loss(odeintTf(rk4, { dynamics: f, y0, ts: TS, params: [tf.tensor2d(a, [2, 2]), tf.tensor1d(bb)] })).dataSync()[0];
        });
      const fd = (edit: (a: Float32Array, bb: Float32Array, d: number) => void) =>
        (lossWith((a, bb) => edit(a, bb, h)) - lossWith((a, bb) => edit(a, bb, -h))) / (2 * h);
      const fdA = [0, 1, 2, 3].map((i) => fd((a, _b, d) => (a[i] += d)));
      const fdB = [0, 1].map((i) => fd((_a, bb, d) => (bb[i] += d)));
      expect(relativeError([gA, gB], [fdA, fdB]), sensitivity).toBeLessThan(1e-3);
      tf.dispose([value, ...Object.values(grads)]);
    }
    tf.dispose([A, b, y0]);
  });

  it('optimizer.minimize with tf.train.adam reduces the loss, and tf.memory().numTensors is constant over 50 iterations', () => {
    // teacher: a damped rotation; student: the MLP block, trained on the teacher's trajectory
    const target = tf.tidy(() =>
      odeintTf(ode, {
        dynamics: (_t, y) => tf.reshape(tf.matMul(tf.reshape(y, [1, 2]), tf.tensor2d([[-0.1, -1.0], [1.0, -0.1]])), [2]),
        y0: tf.tensor1d(Y0),
        ts: TS,
        params: [],
      }, { time: 'autonomous' }),
    );
    const block = realiseBlock(SPEC, ode.backend);
    const theta = block.params.map((p) => tf.variable(p));
    tf.dispose(block.params);
    const y0 = tf.tensor1d(Y0);
    const optimizer = tf.train.adam(0.02);
    const step = () =>
      optimizer.minimize(() => tf.mean(tf.square(tf.sub(odeintTf(ode, { dynamics: block.dynamics, y0, ts: TS, params: theta }), target))) as tf.Scalar, true, theta)!;
    const first = step();
    const initial = first.dataSync()[0];
    first.dispose();
    const tensors = tf.memory().numTensors; // Adam's moment slots exist from here on
    let last = initial;
    for (let i = 0; i < 50; i++) {
      const l = step();
      last = l.dataSync()[0];
      l.dispose();
      expect(tf.memory().numTensors).toBe(tensors);
    }
    expect(last).toBeLessThan(0.3 * initial);
    optimizer.dispose();
    tf.dispose([target, y0, ...theta]);
  });

  it('releases its stored forward data when back-propagation does not reach it, and in a plain forward call', () => {
    const block = realiseBlock(SPEC, ode.backend);
    const y0 = tf.tensor1d(Y0);
    const v = tf.variable(tf.scalar(2));
    const before = tf.memory().numTensors;
    for (const sensitivity of SENSITIVITIES) {
      const { value, grads } = tf.variableGrads(
        () => tf.add(tf.sum(odeintTf(ode, { dynamics: block.dynamics, y0, ts: TS, params: block.params }, { sensitivity })), tf.square(v)) as tf.Scalar,
        [v],
      );
      expect(grads[v.name].dataSync()[0]).toBeCloseTo(4, 5);
      tf.dispose([value, grads[v.name]]);
      expect(tf.memory().numTensors, sensitivity).toBe(before);
    }
    const ys = odeintTf(ode, { dynamics: block.dynamics, y0, ts: TS, params: block.params });
    expect(ys.shape).toEqual([TS.length, 2]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([ys, y0, v, ...block.params]);
  });

  it('the facade\'s Odeflow.valueAndGradients works on tfjs with cotangents from tfjs autodiff', () => {
    const block = realiseBlock(SPEC, ode.backend);
    const y0 = tf.tensor1d(Y0);
    const r = ode.valueAndGradients({ dynamics: block.dynamics, y0, ts: TS, params: block.params }, (ys) => {
      const stacked = tf.stack(ys as tf.Tensor[]);
      const { value, grad } = tf.valueAndGrad(tfLoss)(stacked);
      const out = { value: value.dataSync()[0], cotangents: tf.unstack(grad) };
      tf.dispose([stacked, value, grad]);
      return out;
    });
    expect(relativeError(toArrays([r.gradients.y0, ...r.gradients.params]), [ref.y0, ...ref.params])).toBeLessThan(1e-3);
    tf.dispose([y0, r.gradients.y0, ...r.gradients.params, ...r.solution.ys, ...block.params]);
  });
});

describe('odeintTf and valueAndGradsTf refuse bad input with OdeflowError', () => {
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      if (e instanceof OdeflowError) return e.code;
      throw e;
    }
    return undefined;
  };

  it('a backend that is not tfjs-based, a non-float32 y0, an unknown sensitivity, a non-scalar loss', async () => {
    const js = await createOdeflow<JsTensor>({ backend: 'js' });
    const block = realiseBlock(SPEC, ode.backend);
    const y0 = tf.tensor1d(Y0);
    const problem = { dynamics: block.dynamics, y0, ts: TS, params: block.params };
    expect(code(() => odeintTf(js as unknown as Odeflow<tf.Tensor>, problem))).toBe('INVALID_ARGUMENT');
    const yInt = tf.tensor1d([1, 2], 'int32');
    expect(code(() => odeintTf(ode, { ...problem, y0: yInt }))).toBe('INVALID_ARGUMENT');
    expect(code(() => odeintTf(ode, problem, { sensitivity: 'backprop' }))).toBe('UNKNOWN_NAME');
    const before = tf.memory().numTensors;
    expect(code(() => valueAndGradsTf(ode, problem, (ys) => tf.square(ys)))).toBe('INVALID_ARGUMENT');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([y0, yInt, ...block.params]);
  });
});
