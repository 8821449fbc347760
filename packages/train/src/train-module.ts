import { ContainerModule } from 'inversify';
import { bindNamed } from '@odeflow/core';
import { BUILTIN_OPTIMIZERS } from './builtin-optimizers.js';
import { TRAIN_TOKENS } from './optimizer-factory.js';

/** Binds the built-in optimizer factories by kind under `TRAIN_TOKENS.Optimizer`. */
export const trainModule = new ContainerModule((options) => {
  for (const f of BUILTIN_OPTIMIZERS) bindNamed(options, TRAIN_TOKENS.Optimizer, f.kind, f);
});
