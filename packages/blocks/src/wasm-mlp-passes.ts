import type { ActivationDefinition } from './activations.js';
import type { MlpKernelModule } from './mlp-kernel-module.js';
import type { WasmMlpArray } from './wasm-mlp-copy.js';
import type { WasmMlpPlan } from './wasm-mlp-plan.js';

/**
 * One forward pass in module memory; pointers are byte offsets of float64 arrays.
 * @internal
 */
export interface WasmPass {
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

/**
 * Buffers for one batch size.
 * @internal
 */
export interface WasmWorkspace {
  readonly batch: number;
  /** The pass of VJPs at points not remembered. */
  readonly scratch: WasmPass;
  /** Remembered passes of forward evaluations, allocated as the ring fills. */
  readonly memo: WasmPass[];
  readonly capacity: number;
  next: number;
  /** Pre-activation scratch of tanh/sigmoid layers, shared by every pass (0 for other layers). */
  readonly sharedZ: readonly number[];
  /** Cotangents of the layer outputs. */
  readonly d: readonly number[];
  /** Cotangent of y. */
  readonly gy: number;
}

/** At most this many remembered forward passes per batch size... */
const MEMO_SLOTS = 64;
/** ...and at most this many float64 values (2 MiB) in them, so that large batches keep few or none. */
const MEMO_FLOATS = 1 << 18;

/**
 * A pass's buffers for `batch` rows, allocated from `kernels` (pre-activations from `sharedZ` where shared).
 * @internal
 */
export function newWasmPass(
  kernels: MlpKernelModule,
  plan: WasmMlpPlan,
  acts: readonly ActivationDefinition[],
  batch: number,
  sharedZ: readonly number[],
): WasmPass {
  const n = batch * plan.inputSize;
  const y = kernels.alloc(n);
  const x0 = plan.power === 1 ? y : kernels.alloc(n);
  const z: number[] = [];
  const h: number[] = [];
  plan.layers.forEach((layer, l) => {
    const zl = sharedZ[l] !== 0 ? sharedZ[l] : kernels.alloc(batch * layer.outputs);
    z.push(zl);
    h.push(acts[l].aliasesInput ? zl : kernels.alloc(batch * layer.outputs));
  });
  return { t: NaN, generation: -1, key: new Float64Array(n), y, x0, z, h };
}

/**
 * The buffers for `batch` rows: cotangents, a scratch pass and an empty ring sized to its byte budget.
 * @internal
 */
export function newWasmWorkspace(kernels: MlpKernelModule, plan: WasmMlpPlan, acts: readonly ActivationDefinition[], batch: number): WasmWorkspace {
  const sharedZ = plan.layers.map((layer, l) => (acts[l].derivativeFromOutput !== undefined ? kernels.alloc(batch * layer.outputs) : 0));
  let perPass = 2 * batch * plan.inputSize;
  plan.layers.forEach((layer, l) => {
    perPass += batch * layer.outputs * (sharedZ[l] !== 0 || acts[l].aliasesInput ? 1 : 2);
  });
  return {
    batch,
    scratch: newWasmPass(kernels, plan, acts, batch, sharedZ),
    memo: [],
    capacity: Math.min(MEMO_SLOTS, Math.floor(MEMO_FLOATS / perPass)),
    next: 0,
    sharedZ,
    d: plan.layers.map((layer) => kernels.alloc(batch * layer.outputs)),
    gy: kernels.alloc(batch * plan.inputSize),
  };
}

/**
 * The remembered forward pass at (t, y) of parameter generation `generation`, if any (bit-for-bit match).
 * @internal
 */
export function recallWasmPass(memo: readonly WasmPass[], generation: number, t: number, y: WasmMlpArray): WasmPass | undefined {
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
