import 'reflect-metadata';
import { Container, ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import { adjointModule } from '@odeflow/adjoint';
import { bindNamed, coreModule, TOKENS } from '@odeflow/core';
import { solversModule } from '@odeflow/solvers';
import { LazyBackendFactory } from './lazy-backend-factory.js';

/** Binds the tfjs-based backends lazily: their packages are imported on first use only. */
export const lazyBackendsModule = new ContainerModule((options: ContainerModuleLoadOptions) => {
  bindNamed(
    options,
    TOKENS.Backend,
    'tfjs',
    new LazyBackendFactory('tfjs', 'TensorFlow.js cpu kernels, float32, autodiff VJPs', async () => {
      const m = await import('@odeflow/backend-tfjs');
      return { module: m.tfjsModule };
    }),
  );
  bindNamed(
    options,
    TOKENS.Backend,
    'wasm',
    new LazyBackendFactory('wasm', 'TensorFlow.js WASM kernels (SIMD), float32, autodiff VJPs', async () => {
      const m = await import('@odeflow/backend-wasm');
      return { module: m.wasmModule };
    }),
  );
});

/**
 * A container with every odeflow strategy bound by name: backends (`js`, and `tfjs`/`wasm` loaded lazily),
 * solvers, step-size controllers and sensitivities. `modules` are loaded last: a plugin binds its own solver,
 * backend or sensitivity under a new name with `bindNamed` and is then used by that name.
 */
export function createContainer(modules: readonly ContainerModule[] = []): Container {
  const container = new Container();
  container.load(coreModule, solversModule, adjointModule, lazyBackendsModule, ...modules);
  return container;
}
