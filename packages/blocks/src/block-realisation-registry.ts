import type { Dynamics, TensorBackend } from '@odeflow/core';
import type { BackendVjpMode } from './backend-mlp-dynamics.js';
import type { BlockSpec, ResolvedMlpBlockSpec } from './block-spec.js';
import type { MlpLayout } from './mlp-layout.js';

/**
 * How a block is turned into dynamics: `fused-kernel` runs f and its VJP as one kernel each (on `js`
 * odeflow's WebAssembly MLP kernels in float64, on the tfjs backends the same kernels inside one tfjs kernel
 * per f and per VJP); `typed-array` is the hand-written Float64Array forward and VJP (js backend only);
 * `backend-ops` is written in TensorBackend ops (any backend).
 */
export type ChosenBlockRealisation = 'typed-array' | 'fused-kernel' | 'backend-ops';

/** What {@link BlockRealisationEntry.create} is told besides the spec. */
export interface BlockRealisationOptions {
  /** How a `backend-ops` realisation differentiates (see {@link BackendVjpMode}). */
  readonly vjp: BackendVjpMode;
}

/**
 * One realisation of one block kind on one backend, registered with `registerBlockRealisation` (or in a
 * {@link BlockRealisationRegistry} of your own) and chosen by `realiseBlock`.
 */
export interface BlockRealisationEntry {
  /** The block kind it realises (`mlp`). */
  readonly kind: BlockSpec['kind'];
  /** The backend name it serves (`js`, `tfjs`, `wasm`, ...), or `*` for every backend. */
  readonly backend: string;
  /** Which realisation it is. */
  readonly realisation: ChosenBlockRealisation;
  /** What it runs on, for messages and listings. */
  readonly description: string;
  /**
   * Whether `backend` (an instance whose name matched) offers this realisation at all — e.g. a tfjs backend
   * created with `fusedBlocks: false` does not. Absent: always.
   */
  available?(backend: TensorBackend<any>): boolean;
  /**
   * Dynamics running `spec` (parameters laid out as `layout`) on `backend`, or `undefined` when this
   * realisation cannot run this spec here (then `auto` tries the next realisation). The dynamics must offer
   * `vjp` unless the realisation is `backend-ops`.
   */
  create(spec: ResolvedMlpBlockSpec, layout: MlpLayout, backend: TensorBackend<any>, options: BlockRealisationOptions): Dynamics<any> | undefined;
  /**
   * Whether `auto` should time this realisation against the backend's `backend-ops` one (once per architecture,
   * cached) and keep the cheaper, for realisations whose advantage over the op-by-op path depends on the block's
   * size — e.g. the tfjs backends' fused kernels (float64 inside) against tfjs's own float32 matrix products.
   * Absent: `auto` takes this realisation unmeasured when it is the first to accept the spec.
   */
  readonly measureAgainstBackendOps?: boolean;
  /** Load what `create` needs ahead of time where that must happen asynchronously (see `preloadBlockKernels`). */
  preload?(): Promise<void>;
}

/** The name an entry is listed under: `kind/backend/realisation`, e.g. `mlp/js/fused-kernel`. */
export function blockRealisationName(entry: Pick<BlockRealisationEntry, 'kind' | 'backend' | 'realisation'>): string {
  return `${entry.kind}/${entry.backend}/${entry.realisation}`;
}

/**
 * Realisations by (block kind, backend name, realisation), in the manner of tfjs-core's kernel registry:
 * a backend does not carry its block code; packages register what they can run. One default registry serves
 * the process (see `registerBlockRealisation`).
 */
export class BlockRealisationRegistry {
  private readonly entries = new Map<string, BlockRealisationEntry>();
  private changes = 0;

  /** @param entries - realisations registered from the start */
  constructor(entries: readonly BlockRealisationEntry[] = []) {
    for (const e of entries) this.register(e);
  }

  /** Register `entry`, replacing one registered under the same kind, backend and realisation. */
  register(entry: BlockRealisationEntry): void {
    this.entries.set(blockRealisationName(entry), entry);
    this.changes++;
  }

  /** Remove the entry registered under these keys; true when there was one. */
  unregister(kind: BlockSpec['kind'], backend: string, realisation: ChosenBlockRealisation): boolean {
    const removed = this.entries.delete(blockRealisationName({ kind, backend, realisation }));
    if (removed) this.changes++;
    return removed;
  }

  /** A number that changes whenever an entry is registered or removed (`auto`'s cached choices key on it). */
  get version(): number {
    return this.changes;
  }

  /** The entry for `backend` by name, else the one registered for every backend (`*`), else undefined. */
  get(kind: BlockSpec['kind'], backend: string, realisation: ChosenBlockRealisation): BlockRealisationEntry | undefined {
    return this.entries.get(blockRealisationName({ kind, backend, realisation })) ?? this.entries.get(blockRealisationName({ kind, backend: '*', realisation }));
  }

  /** Every entry, in registration order. */
  list(): BlockRealisationEntry[] {
    return [...this.entries.values()];
  }
}
