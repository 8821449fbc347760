import { MeteredBuffers } from '@odeflow/core';
import type { MlpKernelModule } from './mlp-kernel-module.js';
import { WasmMlpProgram } from './wasm-mlp-program.js';
import type { WasmMlpPlan } from './wasm-mlp-plan.js';

/** What the memory meter calls the WebAssembly memory a block program holds. */
export const WASM_MEMORY_LABEL = 'wasm memory';

/**
 * A {@link WasmMlpProgram} whose WebAssembly memory is reported to the running memory meter: the bytes of
 * module memory it was handed at construction (parameters, their transposes, gradients) and on every call
 * (per-batch workspaces, remembered forward passes), charged to each gradient computation that runs it.
 * Measured as the growth of the module's bump allocator across each call — all program memory comes from
 * it, and nothing else allocates while a call runs — so the program's kernels stay as they are.
 */
export class MeteredWasmMlpProgram extends WasmMlpProgram {
  /** The program's bytes of module memory, under {@link WASM_MEMORY_LABEL}. */
  readonly held = new MeteredBuffers(WASM_MEMORY_LABEL);
  private readonly module: MlpKernelModule;

  /**
   * A program of `plan` in `kernels`' memory, its construction's memory counted.
   * @throws OdeflowError `INVALID_SPEC` for a bad plan (as {@link WasmMlpProgram})
   */
  static create(kernels: MlpKernelModule, plan: WasmMlpPlan): MeteredWasmMlpProgram {
    const top = kernels.allocatedBytes;
    const program = new MeteredWasmMlpProgram(kernels, plan);
    program.held.grow(kernels.allocatedBytes - top);
    return program;
  }

  /** Use {@link MeteredWasmMlpProgram.create}, which counts the memory the constructor allocates. */
  protected constructor(kernels: MlpKernelModule, plan: WasmMlpPlan) {
    super(kernels, plan);
    this.module = kernels;
  }

  /** f(t, y), counting the memory the call allocated. */
  override forward(...args: Parameters<WasmMlpProgram['forward']>): void {
    this.held.use();
    const top = this.module.allocatedBytes;
    try {
      super.forward(...args);
    } finally {
      this.count(top);
    }
  }

  /** The VJP, counting the memory the call allocated. */
  override vjp(...args: Parameters<WasmMlpProgram['vjp']>): number {
    this.held.use();
    const top = this.module.allocatedBytes;
    try {
      return super.vjp(...args);
    } finally {
      this.count(top);
    }
  }

  private count(top: number): void {
    const grown = this.module.allocatedBytes - top;
    if (grown > 0) this.held.grow(grown);
  }
}
