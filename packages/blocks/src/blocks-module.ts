import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { bindNamed } from '@odeflow/core';
import { blockRealisationName, type BlockRealisationEntry, type BlockRealisationRegistry } from './block-realisation-registry.js';
import { defaultBlockRealisations } from './default-block-realisations.js';

/** Dependency-injection tokens of @odeflow/blocks. */
export const BLOCK_TOKENS = {
  /**
   * {@link BlockRealisationEntry} instances, named `kind/backend/realisation` (e.g. `mlp/js/fused-kernel`):
   * `listNamed(container, BLOCK_TOKENS.BlockRealisation)` lists what is registered.
   */
  BlockRealisation: Symbol.for('odeflow.BlockRealisation') as ServiceIdentifier<BlockRealisationEntry>,
  /** The {@link BlockRealisationRegistry} `realiseBlock` consults (unnamed; the default registry). */
  BlockRealisations: Symbol.for('odeflow.BlockRealisations') as ServiceIdentifier<BlockRealisationRegistry>,
} as const;

/**
 * Binds the default realisation registry under {@link BLOCK_TOKENS}.BlockRealisations and every realisation
 * registered in it when the module is loaded under {@link BLOCK_TOKENS}.BlockRealisation, by name (the tfjs
 * backends register theirs when their package is imported and a backend created).
 */
export const blocksModule = new ContainerModule((options) => {
  options.bind(BLOCK_TOKENS.BlockRealisations).toConstantValue(defaultBlockRealisations);
  for (const entry of defaultBlockRealisations.list()) bindNamed(options, BLOCK_TOKENS.BlockRealisation, blockRealisationName(entry), entry);
});
