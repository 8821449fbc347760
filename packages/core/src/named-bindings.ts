import type { Container, ContainerModuleLoadOptions, ServiceIdentifier } from 'inversify';
import { OdeflowError } from './odeflow-error.js';

const catalogues = new Map<ServiceIdentifier<unknown>, symbol>();

/** The token under which the names bound for `token` are listed. */
export function namesToken(token: ServiceIdentifier<unknown>): ServiceIdentifier<string> {
  let t = catalogues.get(token);
  if (!t) {
    t = Symbol.for(`${String(typeof token === 'symbol' ? token.description : token)}.names`);
    catalogues.set(token, t);
  }
  return t as ServiceIdentifier<string>;
}

/**
 * Bind `value` under `token` with `name`, and list the name so that {@link listNamed} and error messages
 * can show it. Use it inside a `ContainerModule` or on a container.
 */
export function bindNamed<V>(
  target: Pick<ContainerModuleLoadOptions, 'bind'> | Container,
  token: ServiceIdentifier<V>,
  name: string,
  value: V,
): void {
  target.bind(token).toConstantValue(value).whenNamed(name);
  target.bind(namesToken(token)).toConstantValue(name);
}

/** Every name listed for `token` in `container`, sorted, without repeats. */
export function listNamed(container: Container, token: ServiceIdentifier<unknown>): string[] {
  const names = container.getAll(namesToken(token), { optional: true }) ?? [];
  return [...new Set(names)].sort();
}

/**
 * Resolve the strategy named `name` under `token`; an unknown name throws UNKNOWN_NAME listing the known
 * ones. `what` names the kind of thing in the message (e.g. "solver").
 */
export function resolveNamed<V>(container: Container, token: ServiceIdentifier<V>, name: string, what: string): V {
  if (typeof name !== 'string' || name.length === 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `The ${what} name must be a non-empty string; got ${String(name)}.`);
  }
  if (!container.isBound(token, { name })) {
    const known = listNamed(container, token);
    throw new OdeflowError(
      'UNKNOWN_NAME',
      `Unknown ${what} "${name}". Known ${what}s: ${known.length ? known.join(', ') : '(none registered)'}. ` +
        `Check the spelling, or register your own with bindNamed(container, TOKENS.<kind>, "${name}", value).`,
      { name, known, what },
    );
  }
  return container.get(token, { name });
}
