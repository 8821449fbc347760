import { OdeflowError, type TensorBackend } from '@odeflow/core';
import { Adam, type AdamOptions } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { RmsProp, type RmsPropOptions } from './rmsprop.js';
import { Sgd, type SgdOptions } from './sgd.js';

/** {@link Sgd} declared as data. */
export interface SgdSpec extends SgdOptions {
  /** Discriminator. */
  readonly kind: 'sgd';
}

/** {@link Adam} declared as data. */
export interface AdamSpec extends AdamOptions {
  /** Discriminator. */
  readonly kind: 'adam';
}

/** {@link RmsProp} declared as data. */
export interface RmsPropSpec extends RmsPropOptions {
  /** Discriminator. */
  readonly kind: 'rmsprop';
}

/** An optimizer declared as data (JSON-serialisable), e.g. `{ kind: 'rmsprop', learningRate: 1e-3, style: 'torch' }`. */
export type OptimizerSpec = SgdSpec | AdamSpec | RmsPropSpec;

const KEYS: Record<OptimizerSpec['kind'], readonly string[]> = {
  sgd: ['kind', 'learningRate', 'momentum', 'nesterov'],
  adam: ['kind', 'learningRate', 'beta1', 'beta2', 'epsilon'],
  rmsprop: ['kind', 'learningRate', 'style', 'decay', 'momentum', 'epsilon', 'centered'],
};

/**
 * Build an optimizer from its spec.
 * @param spec - the declaration (validated here)
 * @param backend - backend of the parameters it will update
 * @param path - where the spec sits in a larger document, for messages (default `optimizer`)
 * @throws OdeflowError `INVALID_SPEC` naming the bad field; `INVALID_ARGUMENT` for out-of-range values
 */
export function createOptimizer<T>(spec: OptimizerSpec, backend: TensorBackend<T>, path = 'optimizer'): Optimizer<T> {
  const raw = spec as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new OdeflowError('INVALID_SPEC', `${path}: expected an object { kind: 'sgd' | 'adam' | 'rmsprop', ... }.`, { path });
  }
  const kind = (raw as { kind?: unknown }).kind;
  if (kind !== 'sgd' && kind !== 'adam' && kind !== 'rmsprop') {
    throw new OdeflowError('INVALID_SPEC', `${path}.kind: expected one of 'sgd', 'adam', 'rmsprop', got ${JSON.stringify(kind)}.`, { path: `${path}.kind` });
  }
  for (const key of Object.keys(raw)) {
    if (!KEYS[kind].includes(key)) {
      throw new OdeflowError('INVALID_SPEC', `${path}.${key}: no such option of ${kind} (allowed: ${KEYS[kind].join(', ')}).`, { path: `${path}.${key}` });
    }
  }
  switch (spec.kind) {
    case 'sgd':
      return new Sgd(backend, spec);
    case 'adam':
      return new Adam(backend, spec);
    case 'rmsprop':
      return new RmsProp(backend, spec);
  }
}
