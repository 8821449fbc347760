import { OdeflowError } from '@odeflow/core';
import { mlpKernelsBytes } from './mlp-kernels-binary.js';

/** Bytes in one WebAssembly memory page. */
const PAGE = 65536;

/** The raw exports of assembly/mlp-kernels.ts; every pointer is a byte offset of a float64 array. */
export interface MlpKernelExports {
  /** The module's linear memory. */
  readonly memory: WebAssembly.Memory;
  /** First byte JS may use (16-aligned). */
  heapBase(): number;
  /** tanh as the `activate` kernel computes it (a port of fastTanh). */
  tanh(x: number): number;
  /** z[B, nout] = x[B, nin]·W[nin, nout] + b[nout] (+ t·tw[nout] when tw ≠ 0). */
  dense(x: number, B: number, nin: number, W: number, nout: number, b: number, tw: number, t: number, z: number): void;
  /** h = act(z) over n values; kind is the activation's `kernelCode` in ACTIVATIONS. */
  activate(kind: number, z: number, h: number, n: number): void;
  /** g ← g ⊙ act'(z) over n values (from h where cheaper). */
  activateBackward(kind: number, z: number, h: number, g: number, n: number): void;
  /** gx[B, nin] = g[B, nout]·Wᵀ (overwrite). */
  denseBackwardInput(g: number, B: number, nout: number, W: number, nin: number, gx: number): void;
  /** gW[nin, nout] = xᵀ·g, gb[nout] = column sums of g (overwrite both). */
  denseBackwardParams(x: number, g: number, B: number, nin: number, nout: number, gW: number, gb: number): void;
  /** dst[cols, rows] = src[rows, cols]ᵀ. */
  transpose(src: number, rows: number, cols: number, dst: number): void;
  /** x = y^p over n values, p ∈ {1, 2, 3}. */
  power(y: number, x: number, n: number, p: number): void;
  /** g ← g·p·y^(p−1) over n values. */
  powerBackward(y: number, g: number, n: number, p: number): void;
  /** Σ_j (Σ_b g[b, j])·tw[j]. */
  sumProduct(g: number, tw: number, B: number, n: number): number;
}

/**
 * An instance of odeflow's fused MLP kernels (WebAssembly, float64): the raw exports, a float64 view of
 * its memory and a bump allocator. One instance may be shared by several programs: memory is only ever
 * handed out upwards, so nobody's buffers move or get reused under them.
 */
export class MlpKernelModule {
  /** The module's exported functions. */
  readonly exports: MlpKernelExports;
  private view: Float64Array;
  private readonly base: number;
  private top: number;

  /** Wrap an instantiated module (use {@link loadMlpKernels} or {@link loadMlpKernelsSync} rather than calling this). */
  constructor(exports: MlpKernelExports) {
    this.exports = exports;
    this.base = exports.heapBase();
    this.top = this.base;
    this.view = new Float64Array(exports.memory.buffer);
  }

  /**
   * A float64 view of the whole memory. Valid until the next {@link alloc} (growing the memory detaches
   * the old buffer), so call this again after allocating rather than keeping the view.
   */
  f64(): Float64Array {
    const buffer = this.exports.memory.buffer;
    if (this.view.buffer !== buffer) this.view = new Float64Array(buffer);
    return this.view;
  }

  /** Reserve n float64 values: returns their byte offset (16-aligned), growing the memory when needed. */
  alloc(nFloats: number): number {
    if (!Number.isInteger(nFloats) || nFloats < 0) {
      throw new OdeflowError('INVALID_ARGUMENT', `MlpKernelModule.alloc: needs a whole number of floats ≥ 0, got ${nFloats}.`);
    }
    const ptr = this.top;
    const end = ptr + ((nFloats * 8 + 15) & ~15);
    const memory = this.exports.memory;
    const have = memory.buffer.byteLength;
    if (end > have) {
      try {
        memory.grow(Math.ceil((end - have) / PAGE));
      } catch (e) {
        throw new OdeflowError('INVALID_ARGUMENT', `MlpKernelModule.alloc: cannot grow the WebAssembly memory to ${end} bytes (${String(e)}); use smaller batches.`);
      }
    }
    this.top = end;
    return ptr;
  }

  /** Bytes handed out so far. */
  get allocatedBytes(): number {
    return this.top - this.base;
  }

  /** Forget every allocation: only for a module no program uses any more (never the shared one of {@link loadMlpKernels}). */
  reset(): void {
    this.top = this.base;
  }
}

/** The process's one instance (see {@link loadMlpKernelsSync}); every block program allocates from it. */
let shared: MlpKernelModule | undefined;
/** Set when synchronous compilation failed (no WebAssembly, or refused): not retried on every block. */
let syncFailed = false;

function wrapInstance(instance: WebAssembly.Instance): MlpKernelModule {
  // a plain copy of the exports object (wasm's is frozen), so that callers may wrap or instrument a kernel
  return new MlpKernelModule({ ...instance.exports } as unknown as MlpKernelExports);
}

/**
 * The fused MLP kernels, compiled and instantiated synchronously on first call and cached for the process
 * (the same instance {@link loadMlpKernels} returns). `undefined` when this runtime has no WebAssembly or
 * refuses to compile synchronously — browsers refuse modules over 4 KB on the main thread, so there call
 * {@link loadMlpKernels} first (createOdeflow does): afterwards this returns its instance.
 */
export function loadMlpKernelsSync(): MlpKernelModule | undefined {
  if (shared !== undefined || syncFailed) return shared;
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.Module !== 'function') {
    syncFailed = true;
    return undefined;
  }
  try {
    shared = wrapInstance(new WebAssembly.Instance(new WebAssembly.Module(mlpKernelsBytes()), {}));
  } catch {
    syncFailed = true;
  }
  return shared;
}

/**
 * The fused MLP kernels, instantiated asynchronously (allowed everywhere, unlike synchronous compilation
 * of modules over 4 KB on a browser's main thread) and cached for the process: later calls, and
 * {@link loadMlpKernelsSync}, return the same instance. Its memory is shared by every program, which is
 * safe because it is only ever handed out upwards (never call {@link MlpKernelModule.reset} on it).
 * @throws OdeflowError `UNSUPPORTED` when this runtime has no WebAssembly
 */
export async function loadMlpKernels(): Promise<MlpKernelModule> {
  if (shared !== undefined) return shared;
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new OdeflowError('UNSUPPORTED', 'loadMlpKernels: this runtime has no WebAssembly; blocks run on the typed-array kernels instead.');
  }
  const { instance } = await WebAssembly.instantiate(mlpKernelsBytes(), {});
  // another call may have finished first: keep one instance per process
  shared ??= wrapInstance(instance);
  return shared;
}
