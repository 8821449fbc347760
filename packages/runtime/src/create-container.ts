import 'reflect-metadata';
import { Container, ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import { adjointModule } from '@odeflow/adjoint';
import { blocksModule } from '@odeflow/blocks';
import { bindNamed, coreModule, OdeflowError, TOKENS } from '@odeflow/core';
import { ownOptions, solversModule } from '@odeflow/solvers';
import { trainModule } from '@odeflow/train';
import { LazyBackendFactory } from './lazy-backend-factory.js';

/** Imports a module by its specifier: `(specifier) => import(specifier)` unless a test or a bundler swaps it. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** Options of {@link createContainer}. */
export interface CreateContainerOptions {
  /**
   * How the tfjs backend packages are imported when first asked for (default: a dynamic `import()` of the bare
   * package name, which a bundler leaves alone, so tfjs never lands in a bundle that does not ask for it).
   * In a browser build, pass one that imports the packages your bundler knows.
   */
  importModule?: ModuleImporter;
}

/** The npm packages each lazily loaded backend needs, named when it cannot be loaded. */
export const LAZY_BACKEND_PACKAGES: Readonly<Record<'tfjs' | 'wasm', readonly string[]>> = {
  tfjs: ['@odeflow/backend-tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu'],
  wasm: ['@odeflow/backend-wasm', '@odeflow/backend-tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm'],
};

// A specifier in a variable: bundlers do not follow it, so tfjs stays out of bundles of the main entry.
const importByName: ModuleImporter = (specifier) => import(specifier);

/**
 * A module binding the tfjs-based backends lazily: their packages (optional peer dependencies of `odeflow`)
 * are imported on first use only; when one is not installed, creating the backend throws BACKEND_UNAVAILABLE
 * naming the packages to install.
 */
export function createLazyBackendsModule(importModule: ModuleImporter = importByName): ContainerModule {
  return new ContainerModule((options: ContainerModuleLoadOptions) => {
    bindNamed(
      options,
      TOKENS.Backend,
      'tfjs',
      new LazyBackendFactory(
        'tfjs',
        'TensorFlow.js cpu kernels, float32, autodiff VJPs',
        async () => ({ module: ((await importModule('@odeflow/backend-tfjs')) as { tfjsModule: ContainerModule }).tfjsModule }),
        LAZY_BACKEND_PACKAGES.tfjs,
      ),
    );
    bindNamed(
      options,
      TOKENS.Backend,
      'wasm',
      new LazyBackendFactory(
        'wasm',
        'TensorFlow.js WASM kernels (SIMD), float32, autodiff VJPs',
        async () => ({ module: ((await importModule('@odeflow/backend-wasm')) as { wasmModule: ContainerModule }).wasmModule }),
        LAZY_BACKEND_PACKAGES.wasm,
      ),
    );
  });
}

/** Binds the tfjs-based backends lazily: their packages are imported on first use only. */
export const lazyBackendsModule = createLazyBackendsModule();

/**
 * A container with every odeflow strategy bound by name: backends (`js`, and `tfjs`/`wasm` loaded lazily),
 * solvers, step-size controllers, sensitivities and optimizers. `modules` are loaded last: a plugin binds its
 * own solver, backend or sensitivity under a new name with `bindNamed` and is then used by that name.
 */
export function createContainer(modules: readonly ContainerModule[] = [], options: CreateContainerOptions = {}): Container {
  checkModules(modules);
  const { importModule } = ownOptions('createContainer options', options) as CreateContainerOptions;
  if (importModule !== undefined && typeof importModule !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', 'createContainer: importModule must be a function (specifier) => Promise<module>.', { option: 'importModule' });
  }
  const container = new Container();
  const lazy = importModule ? createLazyBackendsModule(importModule) : lazyBackendsModule;
  container.load(coreModule, blocksModule, solversModule, adjointModule, trainModule, lazy, ...modules);
  return container;
}

/**
 * Refuse `modules` that are not an array of ContainerModules (objects with `load`), which inversify would
 * otherwise answer with a TypeError. Holes count as missing modules.
 * @throws OdeflowError INVALID_ARGUMENT naming the option
 */
export function checkModules(modules: unknown): ContainerModule[] {
  const ok = Array.isArray(modules) && Array.from(modules).every((m: unknown) => m !== null && typeof m === 'object' && typeof (m as ContainerModule).load === 'function');
  if (!ok) {
    throw new OdeflowError('INVALID_ARGUMENT', 'Option modules must be an array of inversify ContainerModules (new ContainerModule(...)).', { option: 'modules' });
  }
  return modules as ContainerModule[];
}
