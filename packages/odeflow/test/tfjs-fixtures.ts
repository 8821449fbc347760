// Shared problem of the tfjs-*.test.ts files: a small MLP neural ODE, a loss in tfjs ops, and its float64
// twin on the js backend (same spec and seed, so the same weights) as the reference gradient.
import * as tf from '@tensorflow/tfjs-core';
import { createOdeflow, JsBackend, realiseBlock, SeededRandom, type JsTensor, type MlpBlockSpec, type Odeflow } from 'odeflow';

/** 2 → 8 (tanh) → 2, weights N(0, 0.5²), biases N(0, 0.1²). */
export const SPEC: MlpBlockSpec = {
  kind: 'mlp',
  inputSize: 2,
  widths: [8, 2],
  activation: 'tanh',
  init: { weights: { kind: 'normal', std: 0.5 }, bias: { kind: 'normal', std: 0.1 }, seed: 7 },
};
export const Y0 = [0.6, -0.4];
export const TS = [0, 0.4, 0.8, 1.2];
/** Fixed weights of the linear part of the loss, one per output value. */
export const W = (() => {
  const rng = new SeededRandom(11);
  return Array.from({ length: TS.length * 2 }, () => rng.normal());
})();

/** L(ys) = Σ W⊙ys + ½ Σ ys², in tfjs ops. */
export function tfLoss(ys: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(tf.sum(tf.mul(ys, tf.tensor(W, ys.shape))), tf.mul(0.5, tf.sum(tf.square(ys)))) as tf.Scalar);
}

/** The same loss in float64 with its cotangents ∂L/∂y(tᵢ) = Wᵢ + y(tᵢ). */
export function jsLoss(js: JsBackend, ys: readonly JsTensor[]): { value: number; cotangents: JsTensor[] } {
  let value = 0;
  const cotangents = ys.map((y, i) => {
    const c = new Float64Array(y.data.length);
    for (let j = 0; j < c.length; j++) {
      const w = W[i * c.length + j];
      value += w * y.data[j] + 0.5 * y.data[j] * y.data[j];
      c[j] = w + y.data[j];
    }
    return js.fromArray(c, y.shape);
  });
  return { value, cotangents };
}

/** Float64 reference: value and gradients of the loss for y0 and every parameter, and a loss evaluator for FD. */
export interface Reference {
  value: number;
  y0: Float64Array;
  params: Float64Array[];
  /** L at perturbed inputs: `perturb` edits copies of y0 and of the parameters in place. */
  lossAt(perturb: (y0: Float64Array, params: Float64Array[]) => void): number;
}

/** Gradients of {@link jsLoss} on the js backend (direct sensitivity, rtol 1e-10): the float64 ground truth. */
export async function float64Reference(): Promise<Reference> {
  const ode = await createOdeflow<JsTensor>({ backend: 'js', sensitivity: 'direct', options: { rtol: 1e-10, atol: 1e-12 } });
  const js = ode.backend as JsBackend;
  const block = realiseBlock(SPEC, js);
  const y0 = js.fromArray(Y0, [2]);
  const r = ode.valueAndGradients({ dynamics: block.dynamics, y0, ts: TS, params: block.params }, (ys) => jsLoss(js, ys));
  return {
    value: r.value,
    y0: Float64Array.from(r.gradients.y0.data),
    params: r.gradients.params.map((g) => Float64Array.from(g.data)),
    lossAt(perturb) {
      const y = Float64Array.from(Y0);
      const ps = block.params.map((p) => Float64Array.from(p.data));
      perturb(y, ps);
      const sol = ode.solve({
        dynamics: block.dynamics,
        y0: js.fromArray(y, [2]),
        ts: TS,
        params: ps.map((p, k) => js.fromArray(p, block.params[k].shape)),
      });
      return jsLoss(js, sol.ys).value;
    },
  };
}

/** ‖a − b‖ / ‖b‖ over a list of arrays. */
export function relativeError(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  let num = 0;
  let den = 0;
  a.forEach((x, k) => {
    const y = b[k];
    if (x.length !== y.length) throw new Error(`length ${x.length} vs ${y.length} at ${k}`);
    for (let i = 0; i < x.length; i++) {
      num += (x[i] - y[i]) ** 2;
      den += y[i] ** 2;
    }
  });
  return Math.sqrt(num / den);
}

/** The tfjs gradients [∂L/∂y0, ...∂L/∂θ] as float64 arrays. */
export function toArrays(ts: readonly tf.Tensor[]): Float64Array[] {
  return ts.map((t) => Float64Array.from(t.dataSync()));
}

/** An `Odeflow` on a tfjs backend at float32-sensible tolerances. */
export function tfOdeflow(backend: 'tfjs' | 'wasm', sensitivity = 'adjoint'): Promise<Odeflow<tf.Tensor>> {
  return createOdeflow<tf.Tensor>({ backend, sensitivity, options: { rtol: 1e-5, atol: 1e-6 } });
}
