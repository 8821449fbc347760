import { ContainerModule } from 'inversify';
import { bindNamed, TOKENS } from '@odeflow/core';
import { equationsBlockKind } from './equations-block-kind.js';
import { mlpBlockKind } from './mlp-block-kind.js';

/**
 * Binds the block kinds pipelines realise by name (`mlp`, `equations`) under `TOKENS.BlockKind`, unless a
 * module loaded earlier already bound that name.
 */
export const pipelineModule = new ContainerModule((options) => {
  for (const kind of [mlpBlockKind, equationsBlockKind]) {
    if (!options.isBound(TOKENS.BlockKind, { name: kind.kind })) bindNamed(options, TOKENS.BlockKind, kind.kind, kind);
  }
});
