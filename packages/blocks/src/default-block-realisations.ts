import { BlockRealisationRegistry, type BlockRealisationEntry, type ChosenBlockRealisation } from './block-realisation-registry.js';
import type { BlockSpec } from './block-spec.js';
import { BUILTIN_BLOCK_REALISATIONS } from './builtin-block-realisations.js';

/**
 * The process's registry of block realisations, which `realiseBlock` consults: from the start it holds the
 * js backend's `fused-kernel` and `typed-array` MLP realisations and the `backend-ops` one for every backend;
 * `@odeflow/backend-tfjs` adds its fused kernels for the backends it creates (`tfjs`, `wasm`).
 */
export const defaultBlockRealisations = new BlockRealisationRegistry(BUILTIN_BLOCK_REALISATIONS);

/**
 * Register a realisation in the default registry (replacing one with the same kind, backend and
 * realisation), so that `realiseBlock` can pick it for backends of that name.
 *
 * @example
 * ```ts
 * registerBlockRealisation({ kind: 'mlp', backend: 'gpu', realisation: 'fused-kernel', description: 'my kernels',
 *   create: (spec, layout, backend) => new MyFusedMlp(spec, layout, backend) });
 * ```
 */
export function registerBlockRealisation(entry: BlockRealisationEntry): void {
  defaultBlockRealisations.register(entry);
}

/** Remove a realisation from the default registry; true when there was one. */
export function unregisterBlockRealisation(kind: BlockSpec['kind'], backend: string, realisation: ChosenBlockRealisation): boolean {
  return defaultBlockRealisations.unregister(kind, backend, realisation);
}

/** The default registry's entry for (kind, backend name, realisation), falling back to one for every backend. */
export function getBlockRealisation(kind: BlockSpec['kind'], backend: string, realisation: ChosenBlockRealisation): BlockRealisationEntry | undefined {
  return defaultBlockRealisations.get(kind, backend, realisation);
}

/** Every realisation in the default registry. */
export function listBlockRealisations(): BlockRealisationEntry[] {
  return defaultBlockRealisations.list();
}

/**
 * Load ahead of time what the realisations registered for backend `backendName` (every backend when
 * omitted) need and can only load asynchronously — on `js` the WebAssembly MLP kernels, which a browser's
 * main thread refuses to compile synchronously. `createOdeflow` calls it for the backend it creates; in Node
 * it is never needed (the kernels compile on the first block realised). Never rejects for a missing
 * WebAssembly: blocks then fall back to another realisation.
 */
export async function preloadBlockKernels(backendName?: string): Promise<void> {
  const entries = defaultBlockRealisations.list().filter((e) => backendName === undefined || e.backend === backendName || e.backend === '*');
  await Promise.all(entries.map((e) => e.preload?.()));
}
