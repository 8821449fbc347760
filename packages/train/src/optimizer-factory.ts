import type { ServiceIdentifier } from 'inversify';
import type { TensorBackend } from '@odeflow/core';
import type { Optimizer } from './optimizer.js';

/**
 * Builds one kind of optimizer from its spec. Factories are bound by kind under {@link TRAIN_TOKENS}`.Optimizer`
 * (see {@link trainModule}); a plugin adds an optimizer by binding its own factory under a new kind.
 */
export interface OptimizerFactory {
  /** The kind it is registered under (`sgd`, `adam`, `rmsprop`, ...). */
  readonly kind: string;
  /** One-line description for listings. */
  readonly description: string;
  /** Every key its spec may have, `kind` included; any other key is refused as INVALID_SPEC. */
  readonly keys: readonly string[];
  /** Build the optimizer from a spec whose keys were checked; the optimizer checks the values. */
  create<T>(spec: Readonly<Record<string, unknown>>, backend: TensorBackend<T>): Optimizer<T>;
}

/** Dependency-injection tokens of the training package. */
export const TRAIN_TOKENS = {
  /** {@link OptimizerFactory} instances, named by optimizer kind. */
  Optimizer: Symbol.for('odeflow.Optimizer') as ServiceIdentifier<OptimizerFactory>,
} as const;
