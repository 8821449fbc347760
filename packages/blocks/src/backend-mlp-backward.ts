import type { DynamicsVjp, TensorBackend } from '@odeflow/core';
import { ACTIVATION_NAMES, ACTIVATIONS } from './activations.js';
import type { ActivationName, ResolvedMlpBlockSpec } from './block-spec.js';
import type { MlpLayout } from './mlp-layout.js';

/** Activations whose derivative the explicit backward pass can form from backend ops (relu's step cannot). */
export const EXPLICIT_VJP_ACTIVATIONS: readonly ActivationName[] = ACTIVATION_NAMES.filter((a) => ACTIVATIONS[a].timesDerivative !== undefined);

/** g ⊙ act'(z) for a layer whose activation has a backend-ops derivative (checked when the dynamics were built). */
function timesDerivative<T>(b: TensorBackend<T>, name: ActivationName, g: T, z: T, h: T): T {
  return ACTIVATIONS[name].timesDerivative!(b, g, z, h);
}

/**
 * The VJP of an MLP block written out in backend ops — a forward pass that keeps every layer's input,
 * pre-activation and activation, then the chain rule layer by layer with matMuls (transposed operands for the
 * weight and input cotangents, a row of ones for the bias sums). It needs no autodiff, so it runs on every
 * backend, and it issues a fixed, small number of ops (≈ 25 for the spiral's 2→50→2), where a recorded tape
 * costs several times more on tfjs. Runs inside a tidy: only the returned tensors survive.
 * @internal
 */
export function backendMlpVjp<T>(
  b: TensorBackend<T>,
  spec: ResolvedMlpBlockSpec,
  layout: MlpLayout,
  t: number,
  y: T,
  a: T,
  params: readonly T[],
): DynamicsVjp<T> {
  return b.tidy(() => {
    const shape = b.shape(y);
    const n = spec.inputSize;
    const flat = shape.length !== 2;
    const batch = b.size(y) / n;
    const y2 = flat ? b.reshape(y, [batch, n]) : y;
    const a2 = flat ? b.reshape(a, [batch, n]) : a;
    let x = y2;
    // y² is kept for the cube's derivative 3y² (one op fewer than forming it again)
    let ySquared: T | undefined;
    if (spec.inputTransform === 'square') x = b.mul(y2, y2);
    else if (spec.inputTransform === 'cube') {
      ySquared = b.mul(y2, y2);
      x = b.mul(ySquared, y2);
    }
    const time = spec.timeInput ? b.fromArray([t], [1]) : undefined;
    const inputs: T[] = [];
    const zs: T[] = [];
    const hs: T[] = [];
    for (const layer of layout.layers) {
      inputs.push(x);
      let z = b.matMul(x, params[layer.weight]);
      if (layer.timeWeight >= 0 && time !== undefined) z = b.add(z, b.mul(params[layer.timeWeight], time));
      z = b.add(z, params[layer.bias]);
      zs.push(z);
      x = ACTIVATIONS[layer.activation].apply(b, z);
      hs.push(x);
    }
    const f = flat ? b.reshape(x, shape) : x;

    const grads: T[] = new Array<T>(layout.paramShapes.length);
    const ones = b.fill([1, batch], 1);
    const L = layout.layers.length;
    let delta = timesDerivative(b, layout.layers[L - 1].activation, a2, zs[L - 1], hs[L - 1]);
    let gt = 0;
    let gin = delta;
    for (let l = L - 1; l >= 0; l--) {
      const layer = layout.layers[l];
      grads[layer.weight] = b.matMul(inputs[l], delta, true, false);
      const gb = b.reshape(b.matMul(ones, delta), [layer.outputs]);
      grads[layer.bias] = gb;
      if (layer.timeWeight >= 0) {
        grads[layer.timeWeight] = b.mul(gb, t);
        gt += b.dot(gb, params[layer.timeWeight]);
      }
      gin = b.matMul(delta, params[layer.weight], false, true);
      if (l > 0) delta = timesDerivative(b, layout.layers[l - 1].activation, gin, zs[l - 1], hs[l - 1]);
    }
    let gy = gin;
    if (spec.inputTransform === 'square') gy = b.mul(gin, b.mul(y2, 2));
    else if (ySquared !== undefined) gy = b.mul(gin, b.mul(ySquared, 3));
    if (flat) gy = b.reshape(gy, shape);
    return { f, y: gy, params: grads, t: gt };
  });
}
