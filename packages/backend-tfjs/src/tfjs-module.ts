import { ContainerModule } from 'inversify';
import { bindNamed, TOKENS } from '@odeflow/core';
import { TfjsBackendFactory } from './tfjs-backend-factory.js';

/** Binds the `tfjs` backend factory under {@link TOKENS.Backend}; the backend starts on first `create()`. */
export const tfjsModule = new ContainerModule((options) => {
  bindNamed(options, TOKENS.Backend, 'tfjs', new TfjsBackendFactory());
});
