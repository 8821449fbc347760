import { OdeflowError, sameShape, type Dynamics, type DynamicsVjp, type TensorBackend } from '@odeflow/core';
import { ACTIVATIONS } from './activations.js';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import { backendMlpVjp, EXPLICIT_VJP_ACTIVATIONS } from './backend-mlp-backward.js';
import { mlpLayout, type MlpLayout } from './mlp-layout.js';
import { ParamFinitenessGuard } from './param-finiteness-guard.js';
import { requireDynamicsWidths, resolvedBlockSpec } from './resolved-block-spec.js';
import { paramShapeError } from './param-shape-error.js';

/**
 * How the generic realisation differentiates: `explicit` writes the chain rule out in backend ops (any
 * backend, no autodiff needed; not for relu, whose step derivative has no backend op); `autodiff` records the
 * forward pass on the backend's tape; `auto` (default) takes `explicit` when the activations allow it, else
 * `autodiff` when the backend has it, else none.
 */
export type BackendVjpMode = 'auto' | 'explicit' | 'autodiff';

/**
 * The generic realisation of an MLP block, written in {@link TensorBackend} ops (matMul, add, tanh...),
 * so that it runs on any backend. Its VJP is written out in backend ops too (see {@link BackendVjpMode});
 * blocks with relu layers use the backend's autodiff, and on a backend without autodiff they have no
 * `vjp`, so gradients fail with `NO_VJP`.
 */
export class BackendMlpDynamics<T> implements Dynamics<T> {
  /** Name for messages. */
  readonly name: string;
  /** The parameter layout the dynamics expects. */
  readonly layout: MlpLayout;
  /** How {@link BackendMlpDynamics.vjp} is computed, or `none` when it is absent. */
  readonly vjpMode: 'explicit' | 'autodiff' | 'none';
  /** aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t]; absent when neither the explicit nor the autodiff form is available. */
  readonly vjp?: (t: number, y: T, a: T, params: readonly T[]) => DynamicsVjp<T>;
  private readonly spec: ResolvedMlpBlockSpec;
  private readonly backend: TensorBackend<T>;
  private readonly finiteness: ParamFinitenessGuard<T>;

  /**
   * @param resolved - a validated MLP spec (what validateBlockSpec returns) whose output width equals its input size
   * @param backend - the backend whose ops realise the block
   * @param mode - how to differentiate (default `auto`)
   * @throws OdeflowError `UNSUPPORTED` when `mode` asks for a form that is not available
   */
  constructor(resolved: ResolvedMlpBlockSpec, backend: TensorBackend<T>, mode: BackendVjpMode = 'auto') {
    const spec = resolvedBlockSpec(resolved, 'BackendMlpDynamics');
    requireDynamicsWidths(spec, 'BackendMlpDynamics(spec)');
    if (backend === null || typeof backend !== 'object' || typeof backend.matMul !== 'function') {
      throw new OdeflowError('INVALID_ARGUMENT', 'BackendMlpDynamics: the backend must be a TensorBackend.');
    }
    if (mode !== 'auto' && mode !== 'explicit' && mode !== 'autodiff') {
      throw new OdeflowError('INVALID_ARGUMENT', `BackendMlpDynamics: vjp mode must be 'auto', 'explicit' or 'autodiff', got '${String(mode)}'.`);
    }
    this.spec = spec;
    this.backend = backend;
    this.name = spec.name;
    this.layout = mlpLayout(spec);
    this.finiteness = new ParamFinitenessGuard(backend, spec.name, this.layout.paramNames);
    const explicitOk = spec.activations.every((a) => EXPLICIT_VJP_ACTIVATIONS.includes(a));
    const autodiff = backend.autodiff;
    if (mode === 'explicit' && !explicitOk) {
      throw new OdeflowError('UNSUPPORTED', `${spec.name}: the explicit VJP cannot differentiate relu; use vjp 'autodiff' on a backend with autodiff, or another activation.`);
    }
    if (mode === 'autodiff' && autodiff === undefined) {
      throw new OdeflowError('UNSUPPORTED', `${spec.name}: backend '${backend.name}' has no autodiff; use vjp 'explicit' or 'auto'.`);
    }
    if (mode === 'explicit' || (mode === 'auto' && explicitOk)) {
      this.vjpMode = 'explicit';
      this.vjp = (t, y, a, params) => {
        this.check(y, params);
        this.checkCotangent(y, a);
        return backendMlpVjp(backend, spec, this.layout, t, y, a, params);
      };
    } else if (autodiff !== undefined) {
      this.vjpMode = 'autodiff';
      this.vjp = (t, y, a, params) => {
        this.check(y, params);
        this.checkCotangent(y, a);
        return backend.tidy(() => {
          if (!spec.timeInput) {
            // an input the function ignores has no gradient on tfjs (it throws), so t is left out
            const out = autodiff.vjp((yy, ...ps) => this.forward(yy, undefined, ps), [y, ...params], a);
            return { f: out.value, y: out.grads[0], params: out.grads.slice(1), t: 0 };
          }
          const time = backend.fromArray([t], [1]);
          const out = autodiff.vjp((yy, tt, ...ps) => this.forward(yy, tt, ps), [y, time, ...params], a);
          const gt = backend.toFloat64Array(out.grads[1])[0];
          return { f: out.value, y: out.grads[0], params: out.grads.slice(2), t: gt };
        });
      };
    } else {
      this.vjpMode = 'none';
    }
  }

  private checkCotangent(y: T, a: T): void {
    this.backend.checkTensor?.(a, `${this.name}: the cotangent`);
    const ys = this.backend.shape(y);
    const as = this.backend.shape(a);
    if (ys.length !== as.length || ys.some((d, i) => d !== as[i])) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: the cotangent has shape [${as.join(', ')}], the state [${ys.join(', ')}].`);
    }
  }

  /** f(t, y, θ) as a new tensor of y's shape. */
  f(t: number, y: T, params: readonly T[]): T {
    this.check(y, params);
    const backend = this.backend;
    return backend.tidy(() => this.forward(y, this.spec.timeInput ? backend.fromArray([t], [1]) : undefined, params));
  }

  private check(y: T, params: readonly T[]): void {
    const n = this.spec.inputSize;
    const backend = this.backend;
    backend.checkTensor?.(y, `${this.name}: the state`);
    const shape = backend.shape(y);
    if (shape.length === 0 || shape[shape.length - 1] !== n) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: the state must have shape [${n}] or [batch, ${n}], got [${shape.join(', ')}].`, {
        shape: [...shape],
      });
    }
    const shapes = this.layout.paramShapes;
    const names = this.layout.paramNames;
    if (!Array.isArray(params) || params.length !== shapes.length) {
      const got = Array.isArray(params) ? params.length : String(params);
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: expected an array of ${shapes.length} parameter tensors (${names.join(', ')}), got ${got}.`);
    }
    for (let k = 0; k < shapes.length; k++) {
      backend.checkTensor?.(params[k], `${this.name}: parameter ${names[k]}`);
      const s = backend.shape(params[k]);
      if (!sameShape(s, shapes[k])) throw paramShapeError(this.name, names[k], shapes[k], s);
    }
    this.finiteness.check(params);
  }

  /** The layers in backend ops; `time` is a [1] tensor holding t (absent without a time input). */
  private forward(y: T, time: T | undefined, params: readonly T[]): T {
    const backend = this.backend;
    const shape = backend.shape(y);
    const n = this.spec.inputSize;
    // a batch [B, n] is used as is: on tfjs every op, reshape included, costs a dispatch (and one in the VJP)
    const flat = shape.length !== 2;
    let x = flat ? backend.reshape(y, [backend.size(y) / n, n]) : y;
    if (this.spec.inputTransform === 'square') x = backend.mul(x, x);
    else if (this.spec.inputTransform === 'cube') x = backend.mul(backend.mul(x, x), x);
    for (const layer of this.layout.layers) {
      let z = backend.matMul(x, params[layer.weight]);
      if (layer.timeWeight >= 0 && time !== undefined) z = backend.add(z, backend.mul(params[layer.timeWeight], time));
      z = backend.add(z, params[layer.bias]);
      x = ACTIVATIONS[layer.activation].apply(backend, z);
    }
    return flat ? backend.reshape(x, shape) : x;
  }
}
