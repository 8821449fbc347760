import { sameParamValues } from './same-param-values.js';
import type { JsTensor } from '@odeflow/core';
import { ACTIVATIONS, type ActivationDefinition } from './activations.js';
import { checkFiniteJsParams } from './check-finite-params.js';
import { denseForward } from './dense-forward.js';
import { ParamVersions } from './param-versions.js';
import type { MlpLayout } from './mlp-layout.js';

/**
 * One forward pass's intermediates: the evaluation point it was computed at (t, a copy of y, the parameter
 * generation) and every layer's input transform, pre-activation and activation.
 * @internal
 */
export interface MlpPass {
  /** t of the evaluation (NaN: holds nothing). */
  t: number;
  /** Parameter generation the activations were computed with (see {@link JsMlpPasses.generation}). */
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
 * @internal
 */
export interface MlpWorkspace {
  readonly batch: number;
  /** Cotangents of the pre-activations per layer. */
  readonly d: Float64Array[];
  /** The pre-activation buffers all passes share, per layer (null where each pass keeps its own). */
  readonly sharedZ: readonly (Float64Array | null)[];
  /** Forward passes of VJPs at points not in the memo (never looked up). */
  readonly scratch: MlpPass;
  /** Ring of remembered forward passes of f evaluations, allocated as it fills. */
  readonly memo: MlpPass[];
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

/**
 * The forward passes of the typed-array MLP realisation: per batch size its buffers and a ring of remembered
 * passes keyed by (t, y, parameter generation), matched by contents, never by tensor identity, so buffers
 * reused or parameters updated in place cannot return stale values.
 * @internal
 */
export class JsMlpPasses {
  /** Bumped whenever the parameter values change: remembered passes of older generations never match. */
  generation = 0;
  private readonly name: string;
  private readonly layout: MlpLayout;
  private readonly acts: readonly ActivationDefinition[];
  private readonly inputSize: number;
  private readonly power: number;
  private readonly workspaces = new Map<number, MlpWorkspace>();
  private last: MlpWorkspace | undefined;
  /** The parameter values the current generation was computed with, all tensors end to end. */
  private readonly paramValues: Float64Array;
  /** The tensors and versions θ was last synchronised from. */
  private readonly versions = new ParamVersions();

  /**
   * @param layout - the block's parameter layout
   * @param inputSize - size of the state
   * @param power - the input transform y ↦ y^power
   * @param name - the block's name, for messages
   */
  constructor(layout: MlpLayout, inputSize: number, power: number, name = 'mlp') {
    this.name = name;
    this.layout = layout;
    this.acts = layout.layers.map((l) => ACTIVATIONS[l.activation]);
    this.inputSize = inputSize;
    this.power = power;
    this.paramValues = new Float64Array(layout.parameterCount);
  }

  /** The workspace for `batch` rows (created on first use). */
  workspace(batch: number): MlpWorkspace {
    if (this.last !== undefined && this.last.batch === batch) return this.last;
    let ws = this.workspaces.get(batch);
    if (ws === undefined) {
      const sharedZ = this.layout.layers.map((layer, l) => (this.acts[l].derivativeFromOutput !== undefined ? new Float64Array(batch * layer.outputs) : null));
      const scratch = this.newPass(batch, sharedZ);
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

  /**
   * Bring the parameter generation up to date. When θ is the same tensors at the same versions as at the last
   * call (nothing wrote into them through odeflow's API) this is a few comparisons; otherwise the values are
   * compared, checked for NaN/±Infinity and a new generation starts if they differ. Writes into `data` that
   * bypass the API are caught where they matter: a remembered pass is reused only after θ's values are
   * compared with the generation's ({@link JsMlpPasses.recall}), and a non-finite output sends θ through the
   * finiteness check ({@link JsMlpPasses.forward}).
   */
  syncParams(params: readonly JsTensor[]): void {
    if (this.versions.unchanged(params)) return;
    this.versions.clear();
    this.resync(params);
    this.versions.record(params);
  }

  /** Start a new parameter generation when θ's values differ from the current one's (one pass over θ). */
  private resync(params: readonly JsTensor[]): void {
    if (sameParamValues(params, this.paramValues)) return;
    checkFiniteJsParams(this.name, this.layout.paramNames, params);
    let o = 0;
    for (const p of params) {
      this.paramValues.set(p.data, o);
      o += p.data.length;
    }
    this.generation++;
  }

  private newPass(batch: number, sharedZ: readonly (Float64Array | null)[]): MlpPass {
    const z: Float64Array[] = [];
    const h: Float64Array[] = [];
    this.layout.layers.forEach((layer, l) => {
      const zl = sharedZ[l] ?? new Float64Array(batch * layer.outputs);
      z.push(zl);
      h.push(this.acts[l].aliasesInput ? zl : new Float64Array(batch * layer.outputs));
    });
    const n = batch * this.inputSize;
    return { t: NaN, generation: -1, y: new Float64Array(n), x0: new Float64Array(n), z, h };
  }

  /**
   * The remembered forward pass at (t, y) with the current parameters, if any. θ's values are compared with the
   * generation's before a pass is reused (a write into a parameter's data that bypassed the API then starts a
   * new generation instead of returning activations of the old values).
   */
  recall(t: number, y: Float64Array, params: readonly JsTensor[], ws: MlpWorkspace): MlpPass | undefined {
    const memo = ws.memo;
    const generation = this.generation;
    for (let q = 0; q < memo.length; q++) {
      const m = memo[q];
      if (m.t === t && m.generation === generation && (t !== 0 || 1 / t === 1 / m.t) && sameValues(m.y, y)) {
        if (sameParamValues(params, this.paramValues)) return m;
        this.resync(params);
        return undefined;
      }
    }
    return undefined;
  }

  /** The forward pass at (t, y): remembered, or computed into the ring's next slot (the oldest). */
  evaluate(t: number, y: Float64Array, params: readonly JsTensor[], ws: MlpWorkspace): MlpPass {
    const hit = this.recall(t, y, params, ws);
    if (hit !== undefined) return hit;
    if (ws.capacity === 0) {
      this.forward(t, y, params, ws.scratch);
      return ws.scratch;
    }
    let slot: MlpPass;
    if (ws.memo.length < ws.capacity) {
      slot = this.newPass(ws.batch, ws.sharedZ);
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

  /** Run the layers into `pass` (its key fields are left to the caller). */
  forward(t: number, y: Float64Array, params: readonly JsTensor[], pass: MlpPass): void {
    const B = y.length / this.inputSize;
    const x0 = pass.x0;
    if (this.power === 3) for (let i = 0; i < x0.length; i++) x0[i] = y[i] * y[i] * y[i];
    else if (this.power === 2) for (let i = 0; i < x0.length; i++) x0[i] = y[i] * y[i];
    else x0.set(y);
    const layers = this.layout.layers;
    let hin = x0;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l];
      const out = layer.outputs;
      const W = params[layer.weight].data;
      const bias = params[layer.bias].data;
      const wt = layer.timeWeight >= 0 ? params[layer.timeWeight].data : null;
      const z = pass.z[l];
      denseForward(B, layer.inputs, out, hin, W, bias, wt, t, z);
      this.acts[l].forwardArray(z, pass.h[l], B * out);
      hin = pass.h[l];
    }
    // a NaN or ±Infinity in f: name the parameter entry if θ holds one (written into its data since the last sync)
    const f = pass.h[layers.length - 1];
    for (let i = 0; i < f.length; i++) {
      if (f[i] - f[i] !== 0) {
        checkFiniteJsParams(this.name, this.layout.paramNames, params);
        break;
      }
    }
  }
}
