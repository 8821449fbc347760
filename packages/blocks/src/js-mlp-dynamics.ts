import { JsBackend, JsTensor, OdeflowError, type Dynamics, type DynamicsVjp, type InPlaceVjp, type VjpIntoTargets } from '@odeflow/core';
import { ACTIVATIONS, type ActivationDefinition } from './activations.js';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import { denseBackwardInput, denseBackwardWeights } from './dense-backward.js';
import { INPUT_TRANSFORM_POWERS } from './input-transforms.js';
import { allocateVjp, checkJsMlpArguments, checkJsMlpVjpTargets } from './js-mlp-checks.js';
import type { MlpPass, MlpWorkspace } from './js-mlp-passes.js';
import { MeteredJsMlpPasses } from './metered-js-mlp-passes.js';
import { mlpLayout, type MlpLayout } from './mlp-layout.js';
import { narrowTwoLayerBackward } from './narrow-two-layer-backward.js';
import { requireDynamicsWidths, resolvedBlockSpec } from './resolved-block-spec.js';

/**
 * The `js` realisation of an MLP block: forward pass and vector–Jacobian product written by hand on
 * Float64Arrays. States may be one vector [n] or a batch [..., n]; intermediate buffers are kept per batch
 * size, so a call allocates only the tensors it returns (and {@link JsMlpDynamics.fInto} nothing).
 *
 * The forward passes of the last 64 f evaluations per batch size (at most 2 MiB of activations, fewer for
 * large batches; plain workspace, not counted by the backend) are remembered with a copy of their t, y and
 * parameter generation: a VJP or f at a point whose t, y and θ equal a remembered one bit for bit reuses its
 * activations, so a direct backpropagation, which pulls back through the stages the solver evaluated, does
 * not run the layers twice. States are matched by contents, never by tensor identity.
 *
 * Parameters are not compared value by value on every call: the block records θ's tensors and their
 * `version` counters, which every write through odeflow's API bumps (the optimizers, the backend's in-place
 * ops, `markParamsChanged`), so an unchanged θ costs a few comparisons per call. Writes into a parameter's
 * `data` that bypass the API are still caught where stale state could be used: a remembered pass is reused
 * only after θ's values are compared with those it was computed with, and a NaN or ±Infinity in f sends θ
 * through the NON_FINITE_PARAMETER check. One sequence escapes: write θ directly, evaluate at a point never
 * seen, restore the earlier values exactly, then ask for the VJP at that point — call `markParamsChanged(params)`
 * after writing into `data` directly to be exact in every case.
 */
export class JsMlpDynamics implements Dynamics<JsTensor>, InPlaceVjp<JsTensor> {
  /** Name for messages. */
  readonly name: string;
  /** The parameter layout the dynamics expects. */
  readonly layout: MlpLayout;
  private readonly spec: ResolvedMlpBlockSpec;
  private readonly backend: JsBackend;
  private readonly acts: readonly ActivationDefinition[];
  private readonly power: number;
  /**
   * A state of size 2 through dense, an activation whose derivative comes from its value (tanh, sigmoid),
   * dense: the backward pass runs fused (see narrowTwoLayerBackward) with this derivative; else undefined.
   */
  private readonly narrowTwoLayer: ((h: number) => number) | undefined;
  private readonly passes: MeteredJsMlpPasses;
  /** Unit cotangent and VJP targets of {@link JsMlpDynamics.jacobian}, made at the first call per state size. */
  private jacWork: { a: Float64Array; out: VjpIntoTargets<JsTensor> } | undefined;

  /**
   * @param resolved - a validated MLP spec (what validateBlockSpec returns) whose output width equals its input size
   * @param backend - the js backend that owns the returned tensors
   */
  constructor(resolved: ResolvedMlpBlockSpec, backend: JsBackend) {
    const spec = resolvedBlockSpec(resolved, 'JsMlpDynamics');
    requireDynamicsWidths(spec, 'JsMlpDynamics(spec)');
    if (!(backend instanceof JsBackend)) throw new OdeflowError('INVALID_ARGUMENT', 'JsMlpDynamics: the backend must be a JsBackend.');
    this.spec = spec;
    this.backend = backend;
    this.name = spec.name;
    this.layout = mlpLayout(spec);
    this.acts = this.layout.layers.map((l) => ACTIVATIONS[l.activation]);
    this.power = INPUT_TRANSFORM_POWERS[spec.inputTransform];
    const ls = this.layout.layers;
    const narrow =
      ls.length === 2 && spec.inputSize === 2 && ls[1].outputs === 2 && this.acts[1].aliasesInput && ls[0].timeWeight < 0 && ls[1].timeWeight < 0;
    this.narrowTwoLayer = narrow ? this.acts[0].derivativeFromOutput : undefined;
    // metered: the workspaces report to the running memory meter
    this.passes = new MeteredJsMlpPasses(this.layout, spec.inputSize, this.power, spec.name);
  }

  /** f(t, y, θ) as a new tensor of y's shape. */
  f(t: number, y: JsTensor, params: readonly JsTensor[]): JsTensor {
    const ws = this.prepare(y, params);
    const out = this.backend.wrap(new Float64Array(y.data.length), y.shape);
    out.data.set(this.passes.evaluate(t, y.data, params, ws).h[this.layout.layers.length - 1]);
    return out;
  }

  /** f(t, y, θ) written into `out` (y's shape) without allocating. */
  fInto(t: number, y: JsTensor, params: readonly JsTensor[], out: JsTensor): void {
    const ws = this.prepare(y, params);
    if (out.data.length !== y.data.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: fInto output has ${out.data.length} elements, the state ${y.data.length}.`);
    }
    out.data.set(this.passes.evaluate(t, y.data, params, ws).h[this.layout.layers.length - 1]);
  }

  /** aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t] by reverse-mode through the layers, with f on the way. */
  vjp(t: number, y: JsTensor, a: JsTensor, params: readonly JsTensor[]): DynamicsVjp<JsTensor> {
    return allocateVjp(this.backend, this.layout, y, (out) => this.vjpInto(t, y, a, params, out));
  }

  /**
   * The VJP written into preallocated tensors (see {@link InPlaceVjp}); allocates nothing. `out` must not
   * share data with `y` or `a`.
   */
  vjpInto(t: number, y: JsTensor, a: JsTensor, params: readonly JsTensor[], out: VjpIntoTargets<JsTensor>, accumulate = false): number {
    const ws = this.prepare(y, params);
    checkJsMlpVjpTargets(this.name, this.layout, y, a, out);
    // a VJP at a point f was not evaluated at is not remembered: it goes to the scratch pass
    let pass = this.passes.recall(t, y.data, params, ws);
    if (pass === undefined) {
      pass = ws.scratch;
      this.passes.forward(t, y.data, params, pass);
    }
    const layers = this.layout.layers;
    if (out.f !== undefined) out.f.data.set(pass.h[layers.length - 1]);
    const gy = out.y.data;
    let gt = 0;
    if (this.narrowTwoLayer !== undefined) {
      const [l0, l1] = layers;
      const g = out.params;
      narrowTwoLayerBackward(ws.batch, l0.outputs, this.narrowTwoLayer, pass.x0, pass.h[0], a.data, params[l0.weight].data, params[l1.weight].data,
        g[l0.weight].data, g[l0.bias].data, g[l1.weight].data, g[l1.bias].data, gy, accumulate); // prettier-ignore
    } else {
      gt = this.backward(t, a.data, params, out, accumulate, ws, pass);
    }
    this.scaleByTransformDerivative(y.data, gy);
    return gt;
  }

  /**
   * The exact ∂f/∂y at (t, y, θ), row-major into `out` (N·N, N the number of state components;
   * block-diagonal for a batch): row i is eᵢᵀ·W_L·diag(σ'_{L−1})·…·W_1·diag(transform'(y)), formed by the
   * hand-written backward pass against each unit cotangent over one forward pass (remembered when f was
   * just evaluated at this point). With a time input, the Jacobian is with respect to the state only.
   * Allocates nothing after the first call at a state size.
   */
  jacobian(t: number, y: JsTensor, params: readonly JsTensor[], out: Float64Array): void {
    const ws = this.prepare(y, params);
    const size = y.data.length;
    if (out.length < size * size) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: the Jacobian buffer holds ${out.length} entries; a state of ${size} components needs ${size * size} (n·n, row-major).`);
    }
    let pass = this.passes.recall(t, y.data, params, ws);
    if (pass === undefined) {
      pass = ws.scratch;
      this.passes.forward(t, y.data, params, pass);
    }
    if (this.jacWork?.a.length !== size) {
      const grads = this.layout.paramShapes.map((s) => new JsTensor(new Float64Array(s.reduce((p, d) => p * d, 1)), s));
      if (this.jacWork !== undefined) this.passes.held.shrink(8 * (2 * this.jacWork.a.length + this.layout.parameterCount));
      this.jacWork = { a: new Float64Array(size), out: { y: new JsTensor(new Float64Array(size), y.shape), params: grads } };
      this.passes.held.grow(8 * (2 * size + this.layout.parameterCount));
    }
    const { a, out: targets } = this.jacWork;
    const gy = targets.y.data;
    for (let i = 0; i < size; i++) {
      a.fill(0);
      a[i] = 1;
      this.backward(t, a, params, targets, false, ws, pass);
      this.scaleByTransformDerivative(y.data, gy);
      out.set(gy, i * size);
    }
  }

  /** The layer-by-layer backward pass from the output cotangent `a` into out.y (before the transform) and out.params; returns aᵀ∂f/∂t. */
  private backward(
    t: number,
    a: Float64Array,
    params: readonly JsTensor[],
    out: VjpIntoTargets<JsTensor>,
    accumulate: boolean,
    ws: MlpWorkspace,
    pass: MlpPass,
  ): number {
    const layers = this.layout.layers;
    const B = ws.batch;
    const L = layers.length;
    let delta = ws.d[L - 1];
    delta.set(a);
    this.acts[L - 1].backwardArray(pass.z[L - 1], pass.h[L - 1], delta, delta.length);
    let gt = 0;
    for (let l = L - 1; l >= 0; l--) {
      const layer = layers[l];
      const width = layer.outputs;
      const inW = layer.inputs;
      const hin = l > 0 ? pass.h[l - 1] : pass.x0;
      const gin = l > 0 ? ws.d[l - 1] : out.y.data;
      denseBackwardWeights(B, inW, width, hin, delta, out.params[layer.weight].data, out.params[layer.bias].data, accumulate);
      denseBackwardInput(B, inW, width, delta, params[layer.weight].data, gin);
      if (layer.timeWeight >= 0) {
        // t enters as t·w_t: its cotangents come from this call's column sums of delta
        const wt = params[layer.timeWeight].data;
        const gwt = out.params[layer.timeWeight].data;
        for (let j = 0; j < width; j++) {
          let s = 0;
          for (let b = 0, o = j; b < B; b++, o += width) s += delta[o];
          gwt[j] = accumulate ? gwt[j] + t * s : t * s;
          gt += s * wt[j];
        }
      }
      if (l > 0) {
        this.acts[l - 1].backwardArray(pass.z[l - 1], pass.h[l - 1], gin, B * inW);
        delta = gin;
      }
    }
    return gt;
  }

  /** gy ← gy ⊙ transform'(y): from the cotangent of transform(y) to that of y. */
  private scaleByTransformDerivative(yd: Float64Array, gy: Float64Array): void {
    const n = yd.length;
    if (this.power === 2) for (let i = 0; i < n; i++) gy[i] *= 2 * yd[i];
    else if (this.power === 3) for (let i = 0; i < n; i++) gy[i] *= 3 * yd[i] * yd[i];
  }

  /** Check shapes, bring the parameter generation up to date and return the workspace for y's batch size. */
  private prepare(y: JsTensor, params: readonly JsTensor[]): MlpWorkspace {
    const batch = checkJsMlpArguments(this.name, this.layout, this.spec.inputSize, y, params);
    this.passes.syncParams(params);
    return this.passes.workspace(batch);
  }
}
