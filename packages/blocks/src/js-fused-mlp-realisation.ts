import { JsBackend, type Dynamics, type JsTensor } from '@odeflow/core';
import type { BlockRealisationEntry } from './block-realisation-registry.js';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import { JsWasmMlpDynamics } from './js-wasm-mlp-dynamics.js';
import { loadMlpKernels, loadMlpKernelsSync } from './mlp-kernel-module.js';
import type { MlpLayout } from './mlp-layout.js';
import { MeteredWasmMlpProgram } from './metered-wasm-mlp-program.js';
import { wasmMlpPlan } from './wasm-mlp-plan.js';

/** A collected block's program, returned for the next block of the same plan. */
interface IdleProgram {
  readonly key: string;
  readonly program: MeteredWasmMlpProgram;
}

/**
 * Programs whose blocks were garbage-collected, by plan. The kernel module's memory is only ever handed out
 * upwards (nobody's buffers move), so a program is never freed: it is reused instead, and a process that
 * realises block after block (sweeps, tests, a server) holds at most as many programs per plan as it ever
 * had blocks alive at once.
 */
const idle = new Map<string, MeteredWasmMlpProgram[]>();
const collected =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<IdleProgram>(({ key, program }) => {
        let list = idle.get(key);
        if (list === undefined) idle.set(key, (list = []));
        list.push(program);
      })
    : undefined;

/**
 * Dynamics for `spec` on the js backend on a program of their own (a new one, or one whose block was
 * garbage-collected), or `undefined` when the kernels cannot be loaded synchronously (no WebAssembly, or a
 * browser's main thread before {@link preloadJsMlpKernels} or `loadMlpKernels` has run).
 */
function createJsFusedMlp(spec: ResolvedMlpBlockSpec, layout: MlpLayout, backend: JsBackend): Dynamics<JsTensor> | undefined {
  const kernels = loadMlpKernelsSync();
  if (kernels === undefined) return undefined;
  const plan = wasmMlpPlan(spec, layout);
  const key = JSON.stringify(plan);
  // a reused program starts afresh: the new dynamics give it their parameters on the first call, which
  // starts a new generation and forgets the remembered forward passes
  // a metered program: its WebAssembly memory reports to the running memory meter
  const program = idle.get(key)?.pop() ?? MeteredWasmMlpProgram.create(kernels, plan);
  const dynamics = new JsWasmMlpDynamics(spec, layout, backend, program);
  collected?.register(dynamics, { key, program });
  return dynamics;
}

/**
 * Load the WebAssembly MLP kernels if they are not loaded yet: synchronously where the runtime allows it,
 * else asynchronously (a browser's main thread). Never fails: without WebAssembly blocks run on the
 * typed-array kernels.
 */
export async function preloadJsMlpKernels(): Promise<void> {
  if (loadMlpKernelsSync() !== undefined || typeof WebAssembly !== 'object') return;
  await loadMlpKernels().then(
    () => undefined,
    () => undefined,
  );
}

/**
 * The `js` backend's fused realisation of MLP blocks: odeflow's WebAssembly MLP kernels in float64 (see
 * {@link JsWasmMlpDynamics}), about 1.6× faster than the hand-written typed-array kernels on the spiral's
 * block, and what `auto` picks on js when the kernels load. The kernels are compiled on the first block
 * realised, not before; where that cannot happen synchronously, `preloadBlockKernels('js')` loads them.
 */
export const jsFusedMlpRealisation: BlockRealisationEntry = {
  kind: 'mlp',
  backend: 'js',
  realisation: 'fused-kernel',
  description: "odeflow's WebAssembly MLP kernels, float64 throughout",
  available: (backend) => backend instanceof JsBackend,
  create: (spec, layout, backend) => createJsFusedMlp(spec, layout, backend as JsBackend),
  preload: preloadJsMlpKernels,
};
