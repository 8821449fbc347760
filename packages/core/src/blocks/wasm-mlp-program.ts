import { OdeflowError } from '../odeflow-error.js';
import type { MlpKernelModule } from './mlp-kernel-module.js';

/** An activation the fused wasm MLP kernels implement (the same set and definitions as core's MLP blocks). */
export type WasmMlpActivation = 'identity' | 'tanh' | 'relu' | 'sigmoid' | 'softplus';

/** One dense layer of a {@link WasmMlpPlan}. */
export interface WasmMlpLayerPlan {
  /** Width of the layer's input. */
  readonly inputs: number;
  /** Width of the layer's output. */
  readonly outputs: number;
  /** Activation applied to the layer's output. */
  readonly activation: WasmMlpActivation;
  /** Whether the layer adds t·w_t (a time-weight row [outputs]) to its pre-activation. */
  readonly timeWeight: boolean;
}

/**
 * The shape of an MLP block f(t, y) = MLP(t, y^power) for {@link WasmMlpProgram}. Parameters come per layer
 * in the order of core's mlpLayout: weight [inputs, outputs], then the time-weight row [outputs] if any,
 * then the bias [outputs].
 */
export interface WasmMlpPlan {
  /** Size of the state (the first layer's inputs and the last layer's outputs). */
  readonly inputSize: number;
  /** The input transform y ↦ y^power applied before the first layer. */
  readonly power: 1 | 2 | 3;
  /** The dense layers in order. */
  readonly layers: readonly WasmMlpLayerPlan[];
}

const KIND: Record<WasmMlpActivation, number> = { identity: 0, tanh: 1, relu: 2, sigmoid: 3, softplus: 4 };
const TANH = 1;
const SIGMOID = 3;
/** At most this many remembered forward passes per batch size... */
const MEMO_SLOTS = 64;
/** ...and at most this many float64 values (2 MiB) in them, so that large batches keep few or none. */
const MEMO_FLOATS = 1 << 18;

/** One forward pass in module memory; pointers are byte offsets of float64 arrays. */
interface Pass {
  /** The t it was computed at (NaN while invalid: NaN never matches). */
  t: number;
  /** The parameter generation it was computed with. */
  generation: number;
  /** The state it was computed at (the ring's key; float32 inputs are held exactly). */
  readonly key: Float64Array;
  /** y as float64 [B, inputSize]. */
  readonly y: number;
  /** y^power (equal to `y` when power is 1). */
  readonly x0: number;
  /** Pre-activations per layer (shared scratch for tanh/sigmoid, whose derivative needs h only). */
  readonly z: number[];
  /** Activations per layer (equal to z for identity); the last is f. */
  readonly h: number[];
}

/** Buffers for one batch size. */
interface Workspace {
  readonly batch: number;
  /** The pass of VJPs at points not remembered. */
  readonly scratch: Pass;
  /** Remembered passes of forward evaluations, allocated as the ring fills. */
  readonly memo: Pass[];
  readonly capacity: number;
  next: number;
  /** Pre-activation scratch of tanh/sigmoid layers, shared by every pass (0 for other layers). */
  readonly sharedZ: readonly number[];
  /** Cotangents of the layer outputs. */
  readonly d: readonly number[];
  /** Cotangent of y. */
  readonly gy: number;
}

/** What states, cotangents, parameters and results cross as: float32 (tfjs's heap) or float64 (the js backend). */
export type WasmMlpArray = Float32Array | Float64Array;

// Plain loops rather than set(subarray(...)): these run several times per call on small arrays, where
// creating a subarray view costs more than the copy. One loop per element type keeps each monomorphic.

function copyOut32(f: Float64Array, o: number, target: Float32Array, accumulate: boolean): void {
  const n = target.length;
  if (accumulate) for (let i = 0; i < n; i++) target[i] += f[o + i];
  else for (let i = 0; i < n; i++) target[i] = f[o + i];
}

function copyOut64(f: Float64Array, o: number, target: Float64Array, accumulate: boolean): void {
  const n = target.length;
  if (accumulate) for (let i = 0; i < n; i++) target[i] += f[o + i];
  else for (let i = 0; i < n; i++) target[i] = f[o + i];
}

/**
 * target ← (or +=, when accumulating) the float64 values at byte offset `ptr`, as many as target holds;
 * rounded once when target is float32.
 */
function copyOut(f: Float64Array, ptr: number, target: WasmMlpArray, accumulate = false): void {
  if (target instanceof Float64Array) copyOut64(f, ptr >> 3, target, accumulate);
  else copyOut32(f, ptr >> 3, target, accumulate);
}

function copyIn32(source: Float32Array, f: Float64Array, o: number): void {
  const n = source.length;
  for (let i = 0; i < n; i++) f[o + i] = source[i];
}

function copyIn64(source: Float64Array, f: Float64Array, o: number): void {
  const n = source.length;
  for (let i = 0; i < n; i++) f[o + i] = source[i];
}

/** The float64 values at byte offset `ptr` ← source (exact for either type). */
function copyIn(source: WasmMlpArray, f: Float64Array, ptr: number): void {
  if (source instanceof Float64Array) copyIn64(source, f, ptr >> 3);
  else copyIn32(source, f, ptr >> 3);
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/**
 * f(t, y) of an MLP block and its vector–Jacobian product, run by odeflow's own WebAssembly kernels in
 * float64 (one JS call per f or VJP instead of one tfjs kernel per op). States, parameters and results
 * cross as float32 (the tfjs heap's type: y is widened on the way in, results are rounded once on the way
 * out) or float64 (the js backend: nothing is rounded).
 *
 * The forward passes of the last 64 f evaluations per batch size (at most 2 MiB of activations) are kept
 * with their t and y: a VJP at such a point with unchanged parameters skips its forward pass,
 * as in core's JsMlpDynamics. Memory comes from the shared module upwards only and is kept for reuse.
 */
export class WasmMlpProgram {
  /** Number of values of every parameter, in layout order. */
  readonly paramSizes: number[];
  private readonly kernels: MlpKernelModule;
  private readonly plan: WasmMlpPlan;
  private readonly codes: number[];
  /** Per layer: pointers of weight, time weight (0 if none), bias. */
  private readonly W: number[] = [];
  private readonly tw: number[] = [];
  private readonly b: number[] = [];
  /** Per layer: pointer of Wᵀ [outputs, inputs], refreshed by setParams (the input cotangent runs as a dense layer on it). */
  private readonly WT: number[] = [];
  /** A zero vector as wide as the widest layer input: the "bias" of the input cotangent's dense pass. */
  private readonly zeros: number;
  /** Per layer: pointers of the weight and bias gradients. */
  private readonly gW: number[] = [];
  private readonly gb: number[] = [];
  /** Per layer: index of the weight, time weight (−1 if none) and bias in the parameter list. */
  private readonly wIndex: number[] = [];
  private readonly twIndex: number[] = [];
  private readonly bIndex: number[] = [];
  private readonly paramPtrs: number[] = [];
  private readonly workspaces = new Map<number, Workspace>();
  private generation = 0;
  private paramsSet = false;

  /** Allocate the parameter and gradient buffers of `plan` in `kernels`' memory (validated: INVALID_SPEC). */
  constructor(kernels: MlpKernelModule, plan: WasmMlpPlan) {
    WasmMlpProgram.validate(plan);
    this.kernels = kernels;
    this.plan = plan;
    this.codes = plan.layers.map((l) => KIND[l.activation]);
    this.paramSizes = [];
    for (const layer of plan.layers) {
      const w = layer.inputs * layer.outputs;
      this.wIndex.push(this.paramSizes.length);
      this.paramSizes.push(w);
      const W = kernels.alloc(w);
      this.W.push(W);
      this.paramPtrs.push(W);
      if (layer.timeWeight) {
        this.twIndex.push(this.paramSizes.length);
        this.paramSizes.push(layer.outputs);
        const tw = kernels.alloc(layer.outputs);
        this.tw.push(tw);
        this.paramPtrs.push(tw);
      } else {
        this.twIndex.push(-1);
        this.tw.push(0);
      }
      this.bIndex.push(this.paramSizes.length);
      this.paramSizes.push(layer.outputs);
      const b = kernels.alloc(layer.outputs);
      this.b.push(b);
      this.paramPtrs.push(b);
      this.WT.push(kernels.alloc(w));
      this.gW.push(kernels.alloc(w));
      this.gb.push(kernels.alloc(layer.outputs));
    }
    const widest = Math.max(...plan.layers.map((l) => l.inputs));
    this.zeros = kernels.alloc(widest);
    kernels.f64().fill(0, this.zeros >> 3, (this.zeros >> 3) + widest);
  }

  private static validate(plan: WasmMlpPlan): void {
    const bad = (why: string): never => {
      throw new OdeflowError('INVALID_SPEC', `WasmMlpProgram: ${why}.`);
    };
    if (!isPositiveInteger(plan.inputSize)) bad(`inputSize must be a positive integer, got ${plan.inputSize}`);
    if (plan.power !== 1 && plan.power !== 2 && plan.power !== 3) bad(`power must be 1, 2 or 3, got ${plan.power}`);
    if (!Array.isArray(plan.layers) || plan.layers.length === 0) bad('needs at least one layer');
    let inputs = plan.inputSize;
    plan.layers.forEach((layer, l) => {
      if (!isPositiveInteger(layer.outputs)) bad(`layer ${l}: outputs must be a positive integer, got ${layer.outputs}`);
      if (layer.inputs !== inputs) bad(`layer ${l} takes ${layer.inputs} inputs, but its input has ${inputs}`);
      if (!(layer.activation in KIND)) bad(`layer ${l}: unknown activation '${String(layer.activation)}' (use identity, tanh, relu, sigmoid or softplus)`);
      inputs = layer.outputs;
    });
    if (inputs !== plan.inputSize) bad(`the last layer has ${inputs} outputs, the state ${plan.inputSize}: f must map the state to its own size`);
  }

  /**
   * Copy the parameters (layout order; float32 arrays of the tfjs heap or float64 arrays) into module memory
   * as float64. Starts a new parameter generation: remembered forward passes no longer match.
   */
  setParams(values: readonly ArrayLike<number>[]): void {
    const sizes = this.paramSizes;
    if (values.length !== sizes.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `WasmMlpProgram.setParams: needs ${sizes.length} parameter arrays, got ${values.length}.`);
    }
    for (let k = 0; k < sizes.length; k++) {
      if (values[k].length !== sizes[k]) {
        throw new OdeflowError('SHAPE_MISMATCH', `WasmMlpProgram.setParams: parameter ${k} needs ${sizes[k]} values, got ${values[k].length}.`);
      }
    }
    const f64 = this.kernels.f64();
    for (let k = 0; k < sizes.length; k++) f64.set(values[k], this.paramPtrs[k] >> 3);
    const layers = this.plan.layers;
    for (let l = 0; l < layers.length; l++) this.kernels.exports.transpose(this.W[l], layers[l].inputs, layers[l].outputs, this.WT[l]);
    this.generation++;
    this.paramsSet = true;
  }

  /** f(t, y) for y [batch, inputSize] into out (same size; float32 results are rounded once). */
  forward(t: number, y: WasmMlpArray, batch: number, out: WasmMlpArray): void {
    const ws = this.prepare(y, batch);
    const n = y.length;
    if (out.length !== n) throw new OdeflowError('SHAPE_MISMATCH', `WasmMlpProgram.forward: out has ${out.length} values, the state ${n}.`);
    const pass = this.evaluate(t, y, ws);
    copyOut(this.kernels.f64(), pass.h[pass.h.length - 1], out);
  }

  /**
   * aᵀ·[∂f/∂y, ∂f/∂θ, ∂f/∂t] at (t, y) for y, a [batch, inputSize]: writes aᵀ∂f/∂y into gy, aᵀ∂f/∂θ_k into
   * gParams[k] (sizes {@link paramSizes}; overwritten, or added to when `accumulate`), f into outF when
   * given, and returns aᵀ∂f/∂t.
   */
  vjp(
    t: number,
    y: WasmMlpArray,
    a: WasmMlpArray,
    batch: number,
    outF: WasmMlpArray | null,
    gy: WasmMlpArray,
    gParams: readonly WasmMlpArray[],
    accumulate = false,
  ): number {
    const ws = this.prepare(y, batch);
    const n = y.length;
    if (a.length !== n || gy.length !== n || (outF !== null && outF.length !== n)) {
      throw new OdeflowError('SHAPE_MISMATCH', `WasmMlpProgram.vjp: a, gy and outF must have the state's ${n} values.`);
    }
    const sizes = this.paramSizes;
    if (gParams.length !== sizes.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `WasmMlpProgram.vjp: needs ${sizes.length} parameter gradient targets, got ${gParams.length}.`);
    }
    for (let k = 0; k < sizes.length; k++) {
      if (gParams[k].length !== sizes[k]) throw new OdeflowError('SHAPE_MISMATCH', `WasmMlpProgram.vjp: gradient target ${k} needs ${sizes[k]} values, got ${gParams[k].length}.`);
    }
    // a VJP at a point f was not evaluated at is not remembered: it goes to the scratch pass
    let pass = this.recall(t, y, ws);
    if (pass === undefined) {
      pass = ws.scratch;
      this.run(t, y, pass, ws.batch);
    }
    const k = this.kernels.exports;
    const layers = this.plan.layers;
    const L = layers.length;
    const B = ws.batch;
    let f = this.kernels.f64();
    if (outF !== null) copyOut(f, pass.h[L - 1], outF);
    let delta = ws.d[L - 1];
    copyIn(a, f, delta);
    k.activateBackward(this.codes[L - 1], pass.z[L - 1], pass.h[L - 1], delta, B * layers[L - 1].outputs);
    let gt = 0;
    for (let l = L - 1; l >= 0; l--) {
      const layer = layers[l];
      const hin = l > 0 ? pass.h[l - 1] : pass.x0;
      const gin = l > 0 ? ws.d[l - 1] : ws.gy;
      k.denseBackwardParams(hin, delta, B, layer.inputs, layer.outputs, this.gW[l], this.gb[l]);
      // g·Wᵀ as a dense layer on Wᵀ: contiguous and SIMD across inputs (same sums as denseBackwardInput)
      k.dense(delta, B, layer.outputs, this.WT[l], layer.inputs, this.zeros, 0, 0, gin);
      if (this.tw[l] !== 0) gt += k.sumProduct(delta, this.tw[l], B, layer.outputs);
      if (l > 0) {
        k.activateBackward(this.codes[l - 1], pass.z[l - 1], pass.h[l - 1], gin, B * layer.inputs);
        delta = gin;
      }
    }
    k.powerBackward(pass.y, ws.gy, n, this.plan.power);
    f = this.kernels.f64();
    copyOut(f, ws.gy, gy);
    for (let l = 0; l < L; l++) {
      const gb = this.gb[l] >> 3;
      const m = layers[l].outputs;
      copyOut(f, this.gW[l], gParams[this.wIndex[l]], accumulate);
      copyOut(f, this.gb[l], gParams[this.bIndex[l]], accumulate);
      if (this.twIndex[l] >= 0) {
        // t enters as t·w_t: its gradient is t times the bias's
        const target = gParams[this.twIndex[l]];
        if (accumulate) for (let j = 0; j < m; j++) target[j] += t * f[gb + j];
        else for (let j = 0; j < m; j++) target[j] = t * f[gb + j];
      }
    }
    return gt;
  }

  private prepare(y: WasmMlpArray, batch: number): Workspace {
    if (!this.paramsSet) throw new OdeflowError('INVALID_ARGUMENT', 'WasmMlpProgram: call setParams before forward or vjp.');
    if (!isPositiveInteger(batch) || y.length !== batch * this.plan.inputSize) {
      throw new OdeflowError('SHAPE_MISMATCH', `WasmMlpProgram: y has ${y.length} values, expected batch ${batch} × ${this.plan.inputSize}.`);
    }
    return this.workspaces.get(batch) ?? this.newWorkspace(batch);
  }

  private newWorkspace(batch: number): Workspace {
    const kernels = this.kernels;
    const sharedZ = this.plan.layers.map((layer, l) => (this.codes[l] === TANH || this.codes[l] === SIGMOID ? kernels.alloc(batch * layer.outputs) : 0));
    let perPass = 2 * batch * this.plan.inputSize;
    this.plan.layers.forEach((layer, l) => {
      perPass += batch * layer.outputs * (sharedZ[l] !== 0 || this.codes[l] === 0 ? 1 : 2);
    });
    const ws: Workspace = {
      batch,
      scratch: this.newPass(batch, sharedZ),
      memo: [],
      capacity: Math.min(MEMO_SLOTS, Math.floor(MEMO_FLOATS / perPass)),
      next: 0,
      sharedZ,
      d: this.plan.layers.map((layer) => kernels.alloc(batch * layer.outputs)),
      gy: kernels.alloc(batch * this.plan.inputSize),
    };
    this.workspaces.set(batch, ws);
    return ws;
  }

  private newPass(batch: number, sharedZ: readonly number[]): Pass {
    const kernels = this.kernels;
    const n = batch * this.plan.inputSize;
    const y = kernels.alloc(n);
    const x0 = this.plan.power === 1 ? y : kernels.alloc(n);
    const z: number[] = [];
    const h: number[] = [];
    this.plan.layers.forEach((layer, l) => {
      const zl = sharedZ[l] !== 0 ? sharedZ[l] : kernels.alloc(batch * layer.outputs);
      z.push(zl);
      h.push(this.codes[l] === 0 ? zl : kernels.alloc(batch * layer.outputs));
    });
    return { t: NaN, generation: -1, key: new Float64Array(n), y, x0, z, h };
  }

  /** The remembered forward pass at (t, y) with the current parameters, if any (bit-for-bit match). */
  private recall(t: number, y: WasmMlpArray, ws: Workspace): Pass | undefined {
    const memo = ws.memo;
    const generation = this.generation;
    for (let q = 0; q < memo.length; q++) {
      const m = memo[q];
      if (m.t !== t || m.generation !== generation || (t === 0 && 1 / t !== 1 / m.t)) continue;
      const key = m.key;
      const n = key.length;
      let i = 0;
      // equal values that are not both zeros are equal bits (a NaN never matches: it is recomputed)
      for (; i < n; i++) {
        const u = key[i];
        const v = y[i];
        if (u !== v || (u === 0 && 1 / u !== 1 / v)) break;
      }
      if (i === n) return m;
    }
    return undefined;
  }

  /** The forward pass at (t, y): remembered, or computed into the ring's next slot (the oldest). */
  private evaluate(t: number, y: WasmMlpArray, ws: Workspace): Pass {
    const hit = this.recall(t, y, ws);
    if (hit !== undefined) return hit;
    if (ws.capacity === 0) {
      this.run(t, y, ws.scratch, ws.batch);
      return ws.scratch;
    }
    let slot: Pass;
    if (ws.memo.length < ws.capacity) {
      slot = this.newPass(ws.batch, ws.sharedZ);
      ws.memo.push(slot);
    } else {
      slot = ws.memo[ws.next];
    }
    ws.next = (ws.next + 1) % ws.capacity;
    // invalid until the pass completes
    slot.t = NaN;
    this.run(t, y, slot, ws.batch);
    slot.key.set(y);
    slot.t = t;
    slot.generation = this.generation;
    return slot;
  }

  /** Run the layers at (t, y) into `pass` (its key fields are left to the caller). */
  private run(t: number, y: WasmMlpArray, pass: Pass, B: number): void {
    const k = this.kernels.exports;
    copyIn(y, this.kernels.f64(), pass.y);
    k.power(pass.y, pass.x0, y.length, this.plan.power);
    const layers = this.plan.layers;
    let hin = pass.x0;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l];
      k.dense(hin, B, layer.inputs, this.W[l], layer.outputs, this.b[l], this.tw[l], t, pass.z[l]);
      k.activate(this.codes[l], pass.z[l], pass.h[l], B * layer.outputs);
      hin = pass.h[l];
    }
  }
}
