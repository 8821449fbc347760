import { bindNamed, TOKENS } from '@odeflow/core';
import { ContainerModule } from 'inversify';
import { AdjointSensitivity } from './adjoint-sensitivity.js';
import { CheckpointedSensitivity } from './checkpointed-sensitivity.js';
import { DirectSensitivity } from './direct-sensitivity.js';

/** Binds the sensitivities `direct`, `adjoint` and `checkpointed` by name under `TOKENS.Sensitivity`. */
export const adjointModule = new ContainerModule((options) => {
  bindNamed(options, TOKENS.Sensitivity, 'direct', new DirectSensitivity());
  bindNamed(options, TOKENS.Sensitivity, 'adjoint', new AdjointSensitivity());
  bindNamed(options, TOKENS.Sensitivity, 'checkpointed', new CheckpointedSensitivity());
});
