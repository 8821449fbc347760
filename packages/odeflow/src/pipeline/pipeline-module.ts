import { ContainerModule } from 'inversify';
import { bindNamed, TOKENS } from '@odeflow/core';
import { mlpBlockKind } from './mlp-block-kind.js';

/**
 * Binds the block kinds pipelines realise by name (`mlp`) under `TOKENS.BlockKind`, unless a module loaded
 * earlier already bound that name.
 */
export const pipelineModule = new ContainerModule((options) => {
  if (!options.isBound(TOKENS.BlockKind, { name: mlpBlockKind.kind })) {
    bindNamed(options, TOKENS.BlockKind, mlpBlockKind.kind, mlpBlockKind);
  }
});
