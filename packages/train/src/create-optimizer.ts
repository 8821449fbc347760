import { Container } from 'inversify';
import { listNamed, OdeflowError, type TensorBackend } from '@odeflow/core';
import type { AdamOptions } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { TRAIN_TOKENS } from './optimizer-factory.js';
import type { RmsPropOptions } from './rmsprop.js';
import type { SgdOptions } from './sgd.js';
import { trainModule } from './train-module.js';

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

let defaultRegistry: Container | undefined;

/**
 * Build an optimizer from its spec, looking its kind up in a registry of {@link OptimizerFactory}s.
 * @param spec - the declaration (validated here)
 * @param backend - backend of the parameters it will update
 * @param path - where the spec sits in a larger document, for messages (default `optimizer`)
 * @param registry - container whose `TRAIN_TOKENS.Optimizer` bindings are searched (default: one with
 *   {@link trainModule}, the built-in kinds); bind a factory there to add a kind
 * @throws OdeflowError `INVALID_SPEC` naming the bad field (an unknown kind lists the known ones);
 *   `INVALID_ARGUMENT` for out-of-range values
 */
export function createOptimizer<T>(spec: OptimizerSpec | { readonly kind: string; readonly [option: string]: unknown }, backend: TensorBackend<T>, path = 'optimizer', registry?: Container): Optimizer<T> {
  const raw = spec as unknown;
  const container = registry ?? (defaultRegistry ??= defaultOptimizerRegistry());
  const known = listNamed(container, TRAIN_TOKENS.Optimizer);
  const proto: unknown = typeof raw === 'object' && raw !== null ? Object.getPrototypeOf(raw) : undefined;
  // a prototype smuggled in with a literal __proto__ key would supply options no key check sees
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (proto !== Object.prototype && proto !== null)) {
    throw new OdeflowError('INVALID_SPEC', `${path}: expected a plain object { kind: ${known.map((k) => `'${k}'`).join(' | ')}, ... }.`, { path });
  }
  const kind = (raw as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !container.isBound(TRAIN_TOKENS.Optimizer, { name: kind })) {
    throw new OdeflowError('INVALID_SPEC', `${path}.kind: expected one of ${known.map((k) => `'${k}'`).join(', ')}, got ${JSON.stringify(kind)}.`, { path: `${path}.kind`, known });
  }
  const factory = container.get(TRAIN_TOKENS.Optimizer, { name: kind });
  for (const key of Object.keys(raw)) {
    if (!factory.keys.includes(key)) {
      throw new OdeflowError('INVALID_SPEC', `${path}.${key}: no such option of ${kind} (allowed: ${factory.keys.join(', ')}).`, { path: `${path}.${key}` });
    }
  }
  return factory.create(raw as Record<string, unknown>, backend);
}

function defaultOptimizerRegistry(): Container {
  const c = new Container();
  c.load(trainModule);
  return c;
}
