import type { Dynamics } from '../dynamics.js';
import type { JsBackend } from '../js-backend.js';
import type { JsTensor } from '../js-tensor.js';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import type { FusedBlockKernels } from './fused-block-kernels.js';
import { JsWasmMlpDynamics } from './js-wasm-mlp-dynamics.js';
import { loadMlpKernelsSync } from './mlp-kernel-module.js';
import type { MlpLayout } from './mlp-layout.js';
import { WasmMlpProgram, type WasmMlpPlan } from './wasm-mlp-program.js';

/** A collected block's program, returned for the next block of the same plan. */
interface IdleProgram {
  readonly key: string;
  readonly program: WasmMlpProgram;
}

/**
 * Programs whose blocks were garbage-collected, by plan. The kernel module's memory is only ever handed out
 * upwards (nobody's buffers move), so a program is never freed: it is reused instead, and a process that
 * realises block after block (sweeps, tests, a server) holds at most as many programs per plan as it ever
 * had blocks alive at once.
 */
const idle = new Map<string, WasmMlpProgram[]>();
const collected =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<IdleProgram>(({ key, program }) => {
        let list = idle.get(key);
        if (list === undefined) idle.set(key, (list = []));
        list.push(program);
      })
    : undefined;

/**
 * The `js` backend's fused block kernels: every MLP spec runs on odeflow's WebAssembly MLP kernels in
 * float64 (see {@link JsWasmMlpDynamics}), about 1.6× faster than the hand-written typed-array kernels on
 * the spiral's block. When the runtime cannot load the kernels synchronously (no WebAssembly, or a
 * browser's main thread before `loadMlpKernels` has run), {@link JsBlockKernels.mlp} returns
 * `undefined` and `realiseBlock` falls back to the typed-array kernels.
 */
export class JsBlockKernels implements FusedBlockKernels<JsTensor> {
  /** What the kernels are. */
  readonly description = "odeflow's WebAssembly MLP kernels, float64 throughout";
  private readonly backend: JsBackend;

  /** @param backend - the js backend whose tensors the dynamics take and return */
  constructor(backend: JsBackend) {
    this.backend = backend;
  }

  /**
   * Dynamics for `spec` on a program of their own (a new one, or one whose block was garbage-collected), or
   * `undefined` when the kernels cannot be loaded.
   */
  mlp(spec: ResolvedMlpBlockSpec, layout: MlpLayout): Dynamics<JsTensor> | undefined {
    const kernels = loadMlpKernelsSync();
    if (kernels === undefined) return undefined;
    const plan: WasmMlpPlan = {
      inputSize: spec.inputSize,
      power: spec.inputTransform === 'cube' ? 3 : spec.inputTransform === 'square' ? 2 : 1,
      layers: layout.layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, activation: l.activation, timeWeight: l.timeWeight >= 0 })),
    };
    const key = JSON.stringify(plan);
    // a reused program starts afresh: the new dynamics give it their parameters on the first call, which
    // starts a new generation and forgets the remembered forward passes
    const program = idle.get(key)?.pop() ?? new WasmMlpProgram(kernels, plan);
    const dynamics = new JsWasmMlpDynamics(spec, layout, this.backend, program);
    collected?.register(dynamics, { key, program });
    return dynamics;
  }
}
