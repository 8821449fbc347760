import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { MeteredWasmMlpProgram, WasmMlpProgram, type MlpKernelModule, type WasmMlpPlan } from '@odeflow/blocks';
import type { FusedKernelIo } from './fused-kernel-io.js';

/**
 * One compiled MLP program and what the fused kernels need around it: the data ids of the parameters last
 * copied into it (so an unchanged θ is not copied again) and the ∂f/∂t of the last VJP.
 */
export class FusedMlpProgramEntry {
  /** Registry key, passed to the kernels as the `program` attribute. */
  readonly id: number;
  /** The program running in odeflow's MLP kernel module. */
  readonly program: WasmMlpProgram;
  /** Number of parameter tensors the program takes. */
  readonly paramCount: number;
  /** Size of the state's last axis. */
  readonly inputSize: number;
  /** aᵀ∂f/∂t of the last VJP kernel run (a kernel's outputs are tensors; this number travels beside them). */
  lastDt = 0;
  private readonly paramIds: (object | null)[];

  /**
   * @param id - registry key
   * @param program - the program
   */
  constructor(id: number, program: WasmMlpProgram, plan: WasmMlpPlan) {
    this.id = id;
    this.program = program;
    this.inputSize = plan.inputSize;
    this.paramCount = program.paramSizes.length;
    this.paramIds = new Array<object | null>(this.paramCount).fill(null);
  }

  /**
   * Make the program's parameters those of `params`. tfjs never writes into an existing data id (a
   * variable's assign takes the new value's id), so equal ids mean equal values and nothing is copied.
   */
  syncParams(io: FusedKernelIo, backend: KernelBackend, params: readonly TensorInfo[]): void {
    let same = true;
    for (let k = 0; k < this.paramCount; k++) {
      if (params[k].dataId !== this.paramIds[k]) {
        same = false;
        break;
      }
    }
    if (same) return;
    const values: Float32Array[] = [];
    for (let k = 0; k < this.paramCount; k++) values.push(io.read(backend, params[k]));
    // refuses NaN and ±Infinity (NON_FINITE_PARAMETER) before changing anything: the ids are only taken on success
    this.program.setParams(values);
    for (let k = 0; k < this.paramCount; k++) this.paramIds[k] = params[k].dataId;
  }
}

/**
 * Programs of the fused MLP kernels, one per distinct architecture (blocks with the same plan share one: the
 * parameters are synchronised per call), so realising many blocks does not grow the kernel module's memory.
 */
export class FusedMlpPrograms {
  private readonly byKey = new Map<string, FusedMlpProgramEntry>();
  private readonly byId: FusedMlpProgramEntry[] = [];
  private readonly kernels: MlpKernelModule;

  /** @param kernels - the loaded kernel module all programs run in */
  constructor(kernels: MlpKernelModule) {
    this.kernels = kernels;
  }

  /** The program for `plan`, compiled on first use. */
  forPlan(plan: WasmMlpPlan): FusedMlpProgramEntry {
    const key = JSON.stringify(plan);
    let entry = this.byKey.get(key);
    if (entry === undefined) {
      entry = new FusedMlpProgramEntry(this.byId.length, MeteredWasmMlpProgram.create(this.kernels, plan), plan);
      this.byId.push(entry);
      this.byKey.set(key, entry);
    }
    return entry;
  }

  /** The program registered under `id` (the kernels' `program` attribute). */
  get(id: number): FusedMlpProgramEntry {
    const entry = this.byId[id];
    if (entry === undefined) throw new Error(`odeflow fused MLP kernel: no program ${id}`);
    return entry;
  }
}
