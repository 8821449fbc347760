import { sameParamValues } from './same-param-values.js';
import {
  JsBackend,
  OdeflowError,
  shapeSize as sizeOf,
  type Dynamics,
  type DynamicsVjp,
  type InPlaceVjp,
  type JsTensor,
  type VjpIntoTargets,
} from '@odeflow/core';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import { checkFiniteJsParams } from './check-finite-params.js';
import { allocateVjp, checkJsMlpArguments, checkJsMlpVjpTargets } from './js-mlp-checks.js';
import { mlpLayout, type MlpLayout } from './mlp-layout.js';
import { requireDynamicsWidths, resolvedBlockSpec } from './resolved-block-spec.js';
import { WasmMlpProgram } from './wasm-mlp-program.js';

/**
 * The `js` backend's default realisation of an MLP block: the same f and VJP as `JsMlpDynamics`
 * (same checks, errors, shapes and in-place contract), computed by odeflow's WebAssembly MLP kernels in
 * float64 through one {@link WasmMlpProgram} of its own (programs are not shared between blocks: each
 * keeps the forward passes of its own parameters, which another block's parameters would clear).
 *
 * Parameters are compared by contents on every call (optimizers update JsTensors in place) against a
 * snapshot and copied into the program only when they changed, which keeps the program's remembered
 * forward passes valid: a VJP at a point where f was evaluated with the same θ skips its forward pass.
 * {@link JsWasmMlpDynamics.fInto} and {@link JsWasmMlpDynamics.vjpInto} allocate nothing.
 */
export class JsWasmMlpDynamics implements Dynamics<JsTensor>, InPlaceVjp<JsTensor> {
  /** Name for messages. */
  readonly name: string;
  /** The parameter layout the dynamics expects. */
  readonly layout: MlpLayout;
  private readonly inputSize: number;
  private readonly backend: JsBackend;
  private readonly program: WasmMlpProgram;
  private readonly sizes: number[];
  /** The parameter values last given to the program, all tensors end to end. */
  private readonly snapshot: Float64Array;
  private synced = false;
  /** Reused argument arrays (no allocation per call). */
  private readonly paramData: Float64Array[];
  private readonly gradData: Float64Array[];

  /**
   * @param resolved - a validated MLP spec (what validateBlockSpec returns) whose output width equals its input size
   * @param layout - its parameter layout
   * @param backend - the js backend that owns the returned tensors
   * @param program - a program of the spec's plan, used by these dynamics alone
   */
  constructor(resolved: ResolvedMlpBlockSpec, layout: MlpLayout, backend: JsBackend, program: WasmMlpProgram) {
    const spec = resolvedBlockSpec(resolved, 'JsWasmMlpDynamics');
    requireDynamicsWidths(spec, 'JsWasmMlpDynamics(spec)');
    if (!(backend instanceof JsBackend) || !(program instanceof WasmMlpProgram)) {
      throw new OdeflowError('INVALID_ARGUMENT', 'JsWasmMlpDynamics: the backend must be a JsBackend and the program a WasmMlpProgram.');
    }
    this.name = spec.name;
    // the layout of the spec itself: one passed in that does not match it would misread θ
    this.layout = mlpLayout(spec);
    if (layout?.parameterCount !== this.layout.parameterCount) {
      throw new OdeflowError('INVALID_ARGUMENT', `${this.name}: the layout passed does not match the spec's (${this.layout.parameterCount} parameters); pass mlpLayout(spec).`);
    }
    this.inputSize = spec.inputSize;
    this.backend = backend;
    this.program = program;
    this.sizes = this.layout.paramShapes.map(sizeOf);
    const sizes = program.paramSizes;
    if (sizes.length !== this.sizes.length || sizes.some((s, k) => s !== this.sizes[k])) {
      throw new OdeflowError('INVALID_ARGUMENT', `${this.name}: the program's parameters [${sizes.join(', ')}] do not match the layout's [${this.sizes.join(', ')}].`);
    }
    this.snapshot = new Float64Array(this.sizes.reduce((a, b) => a + b, 0));
    this.paramData = this.sizes.map(() => this.snapshot);
    this.gradData = this.sizes.map(() => this.snapshot);
  }

  /** f(t, y, θ) as a new tensor of y's shape. */
  f(t: number, y: JsTensor, params: readonly JsTensor[]): JsTensor {
    const batch = this.prepare(y, params);
    const out = this.backend.wrap(new Float64Array(y.data.length), y.shape);
    if (batch > 0) this.program.forward(t, y.data, batch, out.data);
    return out;
  }

  /** f(t, y, θ) written into `out` (y's shape) without allocating. */
  fInto(t: number, y: JsTensor, params: readonly JsTensor[], out: JsTensor): void {
    const batch = this.prepare(y, params);
    if (out.data.length !== y.data.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: fInto output has ${out.data.length} elements, the state ${y.data.length}.`);
    }
    if (batch > 0) this.program.forward(t, y.data, batch, out.data);
  }

  /** aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t] by reverse mode through the layers, with f on the way. */
  vjp(t: number, y: JsTensor, a: JsTensor, params: readonly JsTensor[]): DynamicsVjp<JsTensor> {
    return allocateVjp(this.backend, this.layout, y, (out) => this.vjpInto(t, y, a, params, out));
  }

  /**
   * The VJP written into preallocated tensors (see {@link InPlaceVjp}); allocates nothing. `out` must not
   * share data with `y` or `a`.
   */
  vjpInto(t: number, y: JsTensor, a: JsTensor, params: readonly JsTensor[], out: VjpIntoTargets<JsTensor>, accumulate = false): number {
    const batch = this.prepare(y, params);
    checkJsMlpVjpTargets(this.name, this.layout, y, a, out);
    if (batch === 0) {
      // an empty batch: nothing flows back (parameter cotangents are zero)
      if (!accumulate) for (const p of out.params) p.data.fill(0);
      return 0;
    }
    const g = this.gradData;
    for (let k = 0; k < g.length; k++) g[k] = out.params[k].data;
    return this.program.vjp(t, y.data, a.data, batch, out.f === undefined ? null : out.f.data, out.y.data, g, accumulate);
  }

  /** Check shapes, bring the program's parameters up to date and return the batch size. */
  private prepare(y: JsTensor, params: readonly JsTensor[]): number {
    const batch = checkJsMlpArguments(this.name, this.layout, this.inputSize, y, params);
    this.syncParams(params);
    return batch;
  }

  /** Copy θ into the program when its values differ from the last ones copied (one pass over θ). */
  private syncParams(params: readonly JsTensor[]): void {
    if (this.synced && sameParamValues(params, this.snapshot)) return;
    checkFiniteJsParams(this.name, this.layout.paramNames, params);
    let o = 0;
    const data = this.paramData;
    for (let k = 0; k < params.length; k++) {
      const p = params[k].data;
      this.snapshot.set(p, o);
      o += p.length;
      data[k] = p;
    }
    this.synced = false;
    this.program.setParams(data);
    this.synced = true;
  }
}
