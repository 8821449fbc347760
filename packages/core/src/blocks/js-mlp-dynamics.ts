import type { DynamicsVjp, Dynamics } from '../dynamics.js';
import type { JsBackend } from '../js-backend.js';
import type { JsTensor } from '../js-tensor.js';
import { OdeflowError } from '../odeflow-error.js';
import type { ActivationName, ResolvedMlpBlockSpec } from './block-spec.js';
import { denseBackwardInput, denseBackwardWeights, denseForward } from './dense-kernels.js';
import { fastTanh } from './fast-tanh.js';
import type { InPlaceVjp, VjpIntoTargets } from './in-place-vjp.js';
import { mlpLayout, type MlpLayout } from './mlp-layout.js';
import { narrowTwoLayerBackward } from './narrow-two-layer-backward.js';

const IDENTITY = 0;
const TANH = 1;
const RELU = 2;
const SIGMOID = 3;
const SOFTPLUS = 4;

const CODES: Record<ActivationName, number> = { identity: IDENTITY, tanh: TANH, relu: RELU, sigmoid: SIGMOID, softplus: SOFTPLUS };

/**
 * One forward pass's intermediates: the evaluation point it was computed at (t, a copy of y, the parameter
 * generation) and every layer's input transform, pre-activation and activation.
 */
interface Activations {
  /** t of the evaluation (NaN: holds nothing). */
  t: number;
  /** Parameter generation the activations were computed with (see JsMlpDynamics.generation). */
  generation: number;
  /** A copy of y at the evaluation. */
  readonly y: Float64Array;
  /** transform(y) */
  readonly x0: Float64Array;
  /**
   * Pre-activations per layer; shared by all passes of a batch size for layers whose derivative is formed
   * from h alone (tanh, sigmoid), which halves the memory a remembered pass takes.
   */
  readonly z: Float64Array[];
  /** Activations per layer (the same array as z for identity layers); the last one is f. */
  readonly h: Float64Array[];
}

/**
 * Per-batch-size buffers, reused across calls so that the hot path allocates only what it returns. The
 * forward passes of the last evaluations are kept in a ring (`memo`), so that a VJP at a point where f was
 * evaluated — a direct backpropagation pulls back through exactly the stages the solver evaluated — reuses
 * the activations instead of recomputing them.
 */
interface Workspace {
  readonly batch: number;
  /** Cotangents of the pre-activations per layer. */
  readonly d: Float64Array[];
  /** The pre-activation buffers all passes share, per layer (null where each pass keeps its own). */
  readonly sharedZ: readonly (Float64Array | null)[];
  /** Forward passes of VJPs at points not in the memo (never looked up). */
  readonly scratch: Activations;
  /** Ring of remembered forward passes of f evaluations, allocated as it fills. */
  readonly memo: Activations[];
  /** How many forward passes the ring may hold (bounded in bytes, see MEMO_FLOATS). */
  readonly capacity: number;
  /** The ring slot the next f evaluation writes. */
  next: number;
}

/** At most this many remembered forward passes per batch size... */
const MEMO_SLOTS = 64;
/** ...and at most this many float64 values (2 MiB) in them, so that large batches keep few or none. */
const MEMO_FLOATS = 1 << 18;

/** True when a and b hold the same values, telling +0 from −0 (a NaN never matches: it is recomputed). */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  const n = a.length;
  if (b.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y || (x === 0 && 1 / x !== 1 / y)) return false;
  }
  return true;
}

function activate(code: number, z: Float64Array, h: Float64Array, n: number): void {
  switch (code) {
    case TANH:
      for (let i = 0; i < n; i++) h[i] = fastTanh(z[i]);
      break;
    case RELU:
      for (let i = 0; i < n; i++) h[i] = z[i] > 0 ? z[i] : 0;
      break;
    case SIGMOID:
      for (let i = 0; i < n; i++) h[i] = 1 / (1 + Math.exp(-z[i]));
      break;
    case SOFTPLUS:
      for (let i = 0; i < n; i++) {
        const x = z[i];
        h[i] = x > 30 ? x : x < -30 ? Math.exp(x) : Math.log1p(Math.exp(x));
      }
      break;
    default:
      break; // identity: h is z
  }
}

/** g ← g ⊙ act'(z), using the stored activation h where that is cheaper. */
function multiplyDerivative(code: number, z: Float64Array, h: Float64Array, g: Float64Array, n: number): void {
  switch (code) {
    case TANH:
      for (let i = 0; i < n; i++) g[i] *= 1 - h[i] * h[i];
      break;
    case RELU:
      for (let i = 0; i < n; i++) if (!(z[i] > 0)) g[i] = 0;
      break;
    case SIGMOID:
      for (let i = 0; i < n; i++) g[i] *= h[i] * (1 - h[i]);
      break;
    case SOFTPLUS:
      for (let i = 0; i < n; i++) g[i] *= 1 / (1 + Math.exp(-z[i]));
      break;
    default:
      break;
  }
}

/**
 * The `js` realisation of an MLP block: forward pass and vector–Jacobian product written by hand on
 * Float64Arrays. States may be one vector [n] or a batch [..., n]; intermediate buffers are kept per batch
 * size, so a call allocates only the tensors it returns (and {@link JsMlpDynamics.fInto} nothing).
 *
 * The forward passes of the last 64 f evaluations per batch size (at most 2 MiB of activations, fewer for
 * large batches; plain workspace, not counted by the backend) are remembered with a copy of their t, y and
 * parameter values: a VJP or f at a point whose t, y and θ equal a remembered one bit for bit reuses its
 * activations, so a direct backpropagation, which pulls back through the stages the solver evaluated, does
 * not run the layers twice. Matching is by contents, never by tensor identity, so buffers reused or
 * parameters updated in place cannot return stale values.
 */
export class JsMlpDynamics implements Dynamics<JsTensor>, InPlaceVjp<JsTensor> {
  /** Name for messages. */
  readonly name: string;
  /** The parameter layout the dynamics expects. */
  readonly layout: MlpLayout;
  private readonly spec: ResolvedMlpBlockSpec;
  private readonly backend: JsBackend;
  private readonly codes: number[];
  private readonly power: number;
  /** A state of size 2 through dense, tanh or sigmoid, dense: the backward pass runs fused (see narrowTwoLayerBackward). */
  private readonly narrowTwoLayer: boolean;
  private readonly workspaces = new Map<number, Workspace>();
  private last: Workspace | undefined;
  /** The parameter values the current generation was computed with, all tensors end to end. */
  private readonly paramValues: Float64Array;
  /** Bumped whenever the parameter values change: remembered forward passes of older generations never match. */
  private generation = 0;

  /**
   * @param spec - a validated MLP spec whose output width equals its input size
   * @param backend - the js backend that owns the returned tensors
   */
  constructor(spec: ResolvedMlpBlockSpec, backend: JsBackend) {
    this.spec = spec;
    this.backend = backend;
    this.name = spec.name;
    this.layout = mlpLayout(spec);
    this.codes = this.layout.layers.map((l) => CODES[l.activation]);
    this.power = spec.inputTransform === 'cube' ? 3 : spec.inputTransform === 'square' ? 2 : 1;
    const ls = this.layout.layers;
    this.narrowTwoLayer =
      ls.length === 2 &&
      spec.inputSize === 2 &&
      ls[1].outputs === 2 &&
      (this.codes[0] === TANH || this.codes[0] === SIGMOID) &&
      this.codes[1] === IDENTITY &&
      ls[0].timeWeight < 0 &&
      ls[1].timeWeight < 0;
    this.paramValues = new Float64Array(this.layout.paramShapes.reduce((s, shape) => s + sizeOf(shape), 0));
  }

  /** f(t, y, θ) as a new tensor of y's shape. */
  f(t: number, y: JsTensor, params: readonly JsTensor[]): JsTensor {
    const ws = this.prepare(y, params);
    const out = this.backend.wrap(new Float64Array(y.data.length), y.shape);
    out.data.set(this.evaluate(t, y.data, params, ws).h[this.layout.layers.length - 1]);
    return out;
  }

  /** f(t, y, θ) written into `out` (y's shape) without allocating. */
  fInto(t: number, y: JsTensor, params: readonly JsTensor[], out: JsTensor): void {
    const ws = this.prepare(y, params);
    if (out.data.length !== y.data.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: fInto output has ${out.data.length} elements, the state ${y.data.length}.`);
    }
    out.data.set(this.evaluate(t, y.data, params, ws).h[this.layout.layers.length - 1]);
  }

  /** aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t] by reverse-mode through the layers, with f on the way. */
  vjp(t: number, y: JsTensor, a: JsTensor, params: readonly JsTensor[]): DynamicsVjp<JsTensor> {
    const backend = this.backend;
    const f = backend.wrap(new Float64Array(y.data.length), y.shape);
    const gy = backend.wrap(new Float64Array(y.data.length), y.shape);
    const shapes = this.layout.paramShapes;
    const grads: JsTensor[] = [];
    for (let k = 0; k < shapes.length; k++) grads.push(backend.wrap(new Float64Array(sizeOf(shapes[k])), shapes[k]));
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
    const ws = this.prepare(y, params);
    const n = y.data.length;
    if (a.data.length !== n) {
      throw new OdeflowError('SHAPE_MISMATCH', `${this.name}: the cotangent has ${a.data.length} elements, the state ${n}.`);
    }
    this.checkTargets(y, a, out);
    // a VJP at a point f was not evaluated at is not remembered: it goes to the scratch pass
    let act = this.recall(t, y.data, ws);
    if (act === undefined) {
      act = ws.scratch;
      this.forward(t, y.data, params, act);
    }
    const layers = this.layout.layers;
    const B = ws.batch;
    const L = layers.length;
    if (out.f !== undefined) out.f.data.set(act.h[L - 1]);
    const gy = out.y.data;
    const yd = y.data;
    if (this.narrowTwoLayer) {
      const [l0, l1] = layers;
      const g = out.params;
      narrowTwoLayerBackward(B, l0.outputs, this.codes[0] === SIGMOID, act.x0, act.h[0], a.data, params[l0.weight].data, params[l1.weight].data,
        g[l0.weight].data, g[l0.bias].data, g[l1.weight].data, g[l1.bias].data, gy, accumulate); // prettier-ignore
      this.scaleByTransformDerivative(yd, gy);
      return 0;
    }

    let delta = ws.d[L - 1];
    delta.set(a.data);
    multiplyDerivative(this.codes[L - 1], act.z[L - 1], act.h[L - 1], delta, delta.length);
    let gt = 0;
    for (let l = L - 1; l >= 0; l--) {
      const layer = layers[l];
      const width = layer.outputs;
      const inW = layer.inputs;
      const hin = l > 0 ? act.h[l - 1] : act.x0;
      const W = params[layer.weight].data;
      const gin = l > 0 ? ws.d[l - 1] : gy;
      denseBackwardWeights(B, inW, width, hin, delta, out.params[layer.weight].data, out.params[layer.bias].data, accumulate);
      denseBackwardInput(B, inW, width, delta, W, gin);
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
        multiplyDerivative(this.codes[l - 1], act.z[l - 1], act.h[l - 1], gin, B * inW);
        delta = gin;
      }
    }
    this.scaleByTransformDerivative(yd, gy);
    return gt;
  }

  /** gy ← gy ⊙ transform'(y): from the cotangent of transform(y) to that of y. */
  private scaleByTransformDerivative(yd: Float64Array, gy: Float64Array): void {
    const n = yd.length;
    if (this.power === 2) for (let i = 0; i < n; i++) gy[i] *= 2 * yd[i];
    else if (this.power === 3) for (let i = 0; i < n; i++) gy[i] *= 3 * yd[i] * yd[i];
  }

  // no closure or array per call: this runs on every VJP
  private checkTargets(y: JsTensor, a: JsTensor, out: VjpIntoTargets<JsTensor>): void {
    const n = y.data.length;
    if (out.y.data.length !== n) this.badTarget(`out.y has ${out.y.data.length} elements, the state ${n}`);
    if (out.f !== undefined && out.f.data.length !== n) this.badTarget(`out.f has ${out.f.data.length} elements, the state ${n}`);
    const shapes = this.layout.paramShapes;
    if (out.params.length !== shapes.length) this.badTarget(`needs ${shapes.length} parameter targets, got ${out.params.length}`);
    for (let k = 0; k < shapes.length; k++) {
      if (out.params[k].data.length !== sizeOf(shapes[k])) this.badTarget(`target for ${this.layout.paramNames[k]} must have shape [${shapes[k].join(', ')}]`);
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

  /** Check shapes and return the workspace for y's batch size. */
  private prepare(y: JsTensor, params: readonly JsTensor[]): Workspace {
    const n = this.spec.inputSize;
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
      if (params[k].data.length !== sizeOf(shapes[k])) {
        throw new OdeflowError(
          'SHAPE_MISMATCH',
          `${this.name}: parameter ${this.layout.paramNames[k]} must have shape [${shapes[k].join(', ')}], got [${params[k].shape.join(', ')}].`,
        );
      }
    }
    this.syncParams(params);
    const batch = y.data.length / n;
    if (this.last !== undefined && this.last.batch === batch) return this.last;
    let ws = this.workspaces.get(batch);
    if (ws === undefined) {
      const sharedZ = this.layout.layers.map((layer, l) => (this.codes[l] === TANH || this.codes[l] === SIGMOID ? new Float64Array(batch * layer.outputs) : null));
      const scratch = this.newActivations(batch, sharedZ);
      let floats = scratch.y.length + scratch.x0.length;
      scratch.z.forEach((z, l) => (floats += (sharedZ[l] === null ? z.length : 0) + (scratch.h[l] === z ? 0 : z.length)));
      ws = {
        batch,
        d: this.layout.layers.map((layer) => new Float64Array(batch * layer.outputs)),
        sharedZ,
        scratch,
        memo: [],
        capacity: Math.min(MEMO_SLOTS, Math.floor(MEMO_FLOATS / floats)),
        next: 0,
      };
      this.workspaces.set(batch, ws);
    }
    this.last = ws;
    return ws;
  }

  /** Start a new parameter generation when θ's values differ from the current one's (one pass over θ). */
  private syncParams(params: readonly JsTensor[]): void {
    const values = this.paramValues;
    let o = 0;
    let same = true;
    for (let k = 0; k < params.length && same; k++) {
      const p = params[k].data;
      for (let i = 0; i < p.length; i++, o++) {
        const x = p[i];
        const v = values[o];
        if (x !== v || (x === 0 && 1 / x !== 1 / v)) {
          same = false;
          break;
        }
      }
    }
    if (same) return;
    o = 0;
    for (const p of params) {
      values.set(p.data, o);
      o += p.data.length;
    }
    this.generation++;
  }

  private newActivations(batch: number, sharedZ: readonly (Float64Array | null)[]): Activations {
    const z: Float64Array[] = [];
    const h: Float64Array[] = [];
    this.layout.layers.forEach((layer, l) => {
      const zl = sharedZ[l] ?? new Float64Array(batch * layer.outputs);
      z.push(zl);
      h.push(this.codes[l] === IDENTITY ? zl : new Float64Array(batch * layer.outputs));
    });
    const n = batch * this.spec.inputSize;
    return { t: NaN, generation: -1, y: new Float64Array(n), x0: new Float64Array(n), z, h };
  }

  /** The remembered forward pass at (t, y) with the current parameters, if any. */
  private recall(t: number, y: Float64Array, ws: Workspace): Activations | undefined {
    const memo = ws.memo;
    const generation = this.generation;
    for (let q = 0; q < memo.length; q++) {
      const m = memo[q];
      if (m.t === t && m.generation === generation && (t !== 0 || 1 / t === 1 / m.t) && sameValues(m.y, y)) return m;
    }
    return undefined;
  }

  /** The forward pass at (t, y): remembered, or computed into the ring's next slot (the oldest). */
  private evaluate(t: number, y: Float64Array, params: readonly JsTensor[], ws: Workspace): Activations {
    const hit = this.recall(t, y, ws);
    if (hit !== undefined) return hit;
    if (ws.capacity === 0) {
      this.forward(t, y, params, ws.scratch);
      return ws.scratch;
    }
    let slot: Activations;
    if (ws.memo.length < ws.capacity) {
      slot = this.newActivations(ws.batch, ws.sharedZ);
      ws.memo.push(slot);
    } else {
      slot = ws.memo[ws.next];
    }
    ws.next = (ws.next + 1) % ws.capacity;
    // invalid until the pass completes: a throwing layer must not leave a half-written match behind
    slot.t = NaN;
    this.forward(t, y, params, slot);
    slot.y.set(y);
    slot.t = t;
    slot.generation = this.generation;
    return slot;
  }

  /** Run the layers into `act` (its key fields are left to the caller). */
  private forward(t: number, y: Float64Array, params: readonly JsTensor[], act: Activations): void {
    const B = y.length / this.spec.inputSize;
    const x0 = act.x0;
    if (this.power === 3) for (let i = 0; i < x0.length; i++) x0[i] = y[i] * y[i] * y[i];
    else if (this.power === 2) for (let i = 0; i < x0.length; i++) x0[i] = y[i] * y[i];
    else x0.set(y);
    const layers = this.layout.layers;
    let hin = x0;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l];
      const out = layer.outputs;
      const inW = layer.inputs;
      const W = params[layer.weight].data;
      const bias = params[layer.bias].data;
      const wt = layer.timeWeight >= 0 ? params[layer.timeWeight].data : null;
      const z = act.z[l];
      denseForward(B, inW, out, hin, W, bias, wt, t, z);
      activate(this.codes[l], z, act.h[l], B * out);
      hin = act.h[l];
    }
  }
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
