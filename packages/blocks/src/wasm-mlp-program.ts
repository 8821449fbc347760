import { OdeflowError } from '@odeflow/core';
import { ACTIVATIONS, type ActivationDefinition } from './activations.js';
import { checkFiniteParams } from './check-finite-params.js';
import type { MlpKernelModule } from './mlp-kernel-module.js';
import { copyIn, copyOut, type WasmMlpArray } from './wasm-mlp-copy.js';
import { newWasmPass, newWasmWorkspace, recallWasmPass, type WasmPass, type WasmWorkspace } from './wasm-mlp-passes.js';
import { isWholeBatch, validateWasmMlpPlan, type WasmMlpPlan } from './wasm-mlp-plan.js';

/**
 * f(t, y) of an MLP block and its vector–Jacobian product, run by odeflow's own WebAssembly kernels in
 * float64 (one JS call per f or VJP instead of one tfjs kernel per op). States, parameters and results
 * cross as float32 (the tfjs heap's type: y is widened on the way in, results are rounded once on the way
 * out) or float64 (the js backend: nothing is rounded).
 *
 * The forward passes of the last 64 f evaluations per batch size (at most 2 MiB of activations) are kept
 * with their t and y: a VJP at such a point with unchanged parameters skips its forward pass,
 * as in JsMlpDynamics. Memory comes from the shared module upwards only and is kept for reuse.
 */
export class WasmMlpProgram {
  /** Number of values of every parameter, in layout order. */
  readonly paramSizes: number[];
  /** Name of every parameter, in layout order (`layers.0.weight`, ...: those of mlpLayout). */
  readonly paramNames: string[] = [];
  private readonly kernels: MlpKernelModule;
  private readonly plan: WasmMlpPlan;
  private readonly acts: readonly ActivationDefinition[];
  /** The WebAssembly kernels' code of every layer's activation. */
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
  private readonly workspaces = new Map<number, WasmWorkspace>();
  private generation = 0;
  private paramsSet = false;

  /** Allocate the parameter and gradient buffers of `plan` in `kernels`' memory (validated: INVALID_SPEC). */
  constructor(kernels: MlpKernelModule, plan: WasmMlpPlan) {
    validateWasmMlpPlan(plan);
    this.kernels = kernels;
    this.plan = plan;
    this.acts = plan.layers.map((l) => ACTIVATIONS[l.activation]);
    this.codes = this.acts.map((a) => a.kernelCode);
    this.paramSizes = [];
    for (const [l, layer] of plan.layers.entries()) {
      const w = layer.inputs * layer.outputs;
      this.paramNames.push(`layers.${l}.weight`, ...(layer.timeWeight ? [`layers.${l}.timeWeight`] : []), `layers.${l}.bias`);
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

  /**
   * Copy the parameters (layout order; float32 arrays of the tfjs heap or float64 arrays) into module memory
   * as float64. Starts a new parameter generation: remembered forward passes no longer match. Refuses sizes that
   * differ from {@link paramSizes} (SHAPE_MISMATCH) and NaN or ±Infinity entries (NON_FINITE_PARAMETER), leaving
   * the program's parameters as they were.
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
    checkFiniteParams('WasmMlpProgram.setParams', this.paramNames, values);
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
    let pass = recallWasmPass(ws.memo, this.generation, t, y);
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

  private prepare(y: WasmMlpArray, batch: number): WasmWorkspace {
    if (!this.paramsSet) throw new OdeflowError('INVALID_ARGUMENT', 'WasmMlpProgram: call setParams before forward or vjp.');
    if (!isWholeBatch(y, batch, this.plan.inputSize)) {
      throw new OdeflowError('SHAPE_MISMATCH', `WasmMlpProgram: y has ${y.length} values, expected batch ${batch} × ${this.plan.inputSize}.`);
    }
    let ws = this.workspaces.get(batch);
    if (ws === undefined) this.workspaces.set(batch, (ws = newWasmWorkspace(this.kernels, this.plan, this.acts, batch)));
    return ws;
  }

  /** The forward pass at (t, y): remembered, or computed into the ring's next slot (the oldest). */
  private evaluate(t: number, y: WasmMlpArray, ws: WasmWorkspace): WasmPass {
    const hit = recallWasmPass(ws.memo, this.generation, t, y);
    if (hit !== undefined) return hit;
    if (ws.capacity === 0) {
      this.run(t, y, ws.scratch, ws.batch);
      return ws.scratch;
    }
    let slot: WasmPass;
    if (ws.memo.length < ws.capacity) {
      slot = newWasmPass(this.kernels, this.plan, this.acts, ws.batch, ws.sharedZ);
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
  private run(t: number, y: WasmMlpArray, pass: WasmPass, B: number): void {
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
