import { OdeflowError } from '../odeflow-error.js';
import { mlpKernelsBytes } from './mlp-kernels-binary.js';

/** Bytes in one WebAssembly memory page. */
const PAGE = 65536;

/** The raw exports of assembly/mlp-kernels.ts; every pointer is a byte offset of a float64 array. */
export interface MlpKernelExports {
  /** The module's linear memory. */
  readonly memory: WebAssembly.Memory;
  /** First byte JS may use (16-aligned). */
  heapBase(): number;
  /** tanh as the `activate` kernel computes it (a port of core's fastTanh). */
  tanh(x: number): number;
  /** z[B, nout] = x[B, nin]·W[nin, nout] + b[nout] (+ t·tw[nout] when tw ≠ 0). */
  dense(x: number, B: number, nin: number, W: number, nout: number, b: number, tw: number, t: number, z: number): void;
  /** h = act(z) over n values; kind 0 identity, 1 tanh, 2 relu, 3 sigmoid, 4 softplus. */
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

  /** Wrap an instantiated module (use {@link loadMlpKernels} rather than calling this). */
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

  /** Forget every allocation: only for a module no program uses any more. */
  reset(): void {
    this.top = this.base;
  }
}

/**
 * Instantiate the fused MLP kernels. Asynchronous because browsers forbid compiling modules over 4 KB
 * synchronously on the main thread.
 */
export async function loadMlpKernels(): Promise<MlpKernelModule> {
  const { instance } = await WebAssembly.instantiate(mlpKernelsBytes(), {});
  // a plain copy of the exports object (wasm's is frozen), so that callers may wrap or instrument a kernel
  return new MlpKernelModule({ ...instance.exports } as unknown as MlpKernelExports);
}
