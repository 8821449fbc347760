import type { Dynamics, DynamicsVjp } from '../dynamics.js';
import type { JsBackend } from '../js-backend.js';
import type { JsTensor } from '../js-tensor.js';
import { OdeflowError } from '../odeflow-error.js';
import { shapeSize as sizeOf } from '../shape-size.js';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import type { InPlaceVjp, VjpIntoTargets } from './in-place-vjp.js';
import type { MlpLayout } from './mlp-layout.js';
import type { WasmMlpProgram } from './wasm-mlp-program.js';

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
   * @param spec - a validated MLP spec whose output width equals its input size
   * @param layout - its parameter layout
   * @param backend - the js backend that owns the returned tensors
   * @param program - a program of the spec's plan, used by these dynamics alone
   */
  constructor(spec: ResolvedMlpBlockSpec, layout: MlpLayout, backend: JsBackend, program: WasmMlpProgram) {
    this.name = spec.name;
    this.layout = layout;
    this.inputSize = spec.inputSize;
    this.backend = backend;
    this.program = program;
    this.sizes = layout.paramShapes.map(sizeOf);
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
    const backend = this.backend;
    const f = backend.wrap(new Float64Array(y.data.length), y.shape);
    const gy = backend.wrap(new Float64Array(y.data.length), y.shape);
    const shapes = this.layout.paramShapes;
    const grads: JsTensor[] = [];
    for (let k = 0; k < shapes.length; k++) grads.push(backend.wrap(new Float64Array(this.sizes[k]), shapes[k]));
    try {
      const gt = this.vjpInto(t, y, a, params, { y: gy, params: grads, f });
      return { f, y: gy, params: grads, t: gt };
    } catch (e) {
      backend.dispose([f, gy, ...grads]);
      throw e;
    }
  }

  /**
   * The VJP written into preallocated tensors (see {@link InPlaceVjp}); allocates nothing. `out` must not
   * share data with `y` or `a`.
   */
  vjpInto(t: number, y: JsTensor, a: JsTensor, params: readonly JsTensor[], out: VjpIntoTargets<JsTensor>, accumulate = false): number {
    const batch = this.prepare(y, params);
    const n = y.data.length;
    if (a.data.length !== n) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: the cotangent has ${a.data.length} elements, the state ${n}.`);
    }
    this.checkTargets(y, a, out);
    if (batch === 0) {
      // an empty batch: nothing flows back (parameter cotangents are zero)
      if (!accumulate) for (const p of out.params) p.data.fill(0);
      return 0;
    }
    const g = this.gradData;
    for (let k = 0; k < g.length; k++) g[k] = out.params[k].data;
    return this.program.vjp(t, y.data, a.data, batch, out.f === undefined ? null : out.f.data, out.y.data, g, accumulate);
  }

  // no closure or array per call: this runs on every VJP
  private checkTargets(y: JsTensor, a: JsTensor, out: VjpIntoTargets<JsTensor>): void {
    const n = y.data.length;
    if (out.y.data.length !== n) this.badTarget(`out.y has ${out.y.data.length} elements, the state ${n}`);
    if (out.f !== undefined && out.f.data.length !== n) this.badTarget(`out.f has ${out.f.data.length} elements, the state ${n}`);
    const shapes = this.layout.paramShapes;
    if (out.params.length !== shapes.length) this.badTarget(`needs ${shapes.length} parameter targets, got ${out.params.length}`);
    for (let k = 0; k < shapes.length; k++) {
      if (out.params[k].data.length !== this.sizes[k]) this.badTarget(`target for ${this.layout.paramNames[k]} must have shape [${shapes[k].join(', ')}]`);
    }
    const yb = y.data.buffer;
    const ab = a.data.buffer;
    const ob = out.y.data.buffer;
    const fb = out.f?.data.buffer;
    if (ob === yb || ob === ab || (fb !== undefined && (fb === yb || fb === ab))) {
      throw new OdeflowError('INVALID_ARGUMENT', `${this.name}: vjpInto targets must not share data with y or a.`);
    }
  }

  private badTarget(what: string): never {
    throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: vjpInto ${what}.`);
  }

  /** Check shapes, bring the program's parameters up to date and return the batch size. */
  private prepare(y: JsTensor, params: readonly JsTensor[]): number {
    const n = this.inputSize;
    const shape = y.shape;
    if (shape.length === 0 || shape[shape.length - 1] !== n) {
      throw new OdeflowError(
        'SHAPE_MISMATCH',
        `${this.name}: the state must have shape [${n}] or [batch, ${n}], got [${shape.join(', ')}].`,
        { shape: [...shape] },
      );
    }
    const shapes = this.layout.paramShapes;
    if (params.length !== shapes.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: expected ${shapes.length} parameter tensors (${this.layout.paramNames.join(', ')}), got ${params.length}.`);
    }
    for (let k = 0; k < shapes.length; k++) {
      if (params[k].data.length !== this.sizes[k]) {
        throw new OdeflowError(
          'SHAPE_MISMATCH',
          `${this.name}: parameter ${this.layout.paramNames[k]} must have shape [${shapes[k].join(', ')}], got [${params[k].shape.join(', ')}].`,
        );
      }
    }
    this.syncParams(params);
    return y.data.length / n;
  }

  /** Copy θ into the program when its values differ from the last ones copied (one pass over θ). */
  private syncParams(params: readonly JsTensor[]): void {
    const values = this.snapshot;
    let same = this.synced;
    let o = 0;
    for (let k = 0; k < params.length && same; k++) {
      const p = params[k].data;
      for (let i = 0; i < p.length; i++, o++) {
        const x = p[i];
        const v = values[o];
        // equal values that are not both zeros are equal bits; a NaN never matches
        if (x !== v || (x === 0 && 1 / x !== 1 / v)) {
          same = false;
          break;
        }
      }
    }
    if (same) return;
    const data = this.paramData;
    o = 0;
    for (let k = 0; k < params.length; k++) {
      const p = params[k].data;
      values.set(p, o);
      o += p.length;
      data[k] = p;
    }
    this.synced = false;
    this.program.setParams(data);
    this.synced = true;
  }
}
