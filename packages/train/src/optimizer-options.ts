import { OdeflowError, type TensorBackend } from '@odeflow/core';

/**
 * The options object of an optimizer's constructor as its own values: a plain object (no class instance, no
 * prototype smuggled in with a `__proto__` key, whose fields would be read as options) holding only `keys` (and
 * `kind`, as in a spec). Anything else is INVALID_ARGUMENT naming the key.
 * @internal
 */
export function readOptimizerOptions(owner: string, options: unknown, keys: readonly string[]): Readonly<Record<string, unknown>> {
  const proto: unknown = options !== null && typeof options === 'object' ? Object.getPrototypeOf(options) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new OdeflowError('INVALID_ARGUMENT', `${owner}: options must be a plain object { ${keys.join(', ')} }; got ${options === null ? 'null' : typeof options}.`);
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== 'kind' && !keys.includes(key)) {
      throw new OdeflowError('INVALID_ARGUMENT', `${owner}: unknown option "${key}"; the options are ${keys.join(', ')}.`, { key });
    }
  }
  return o;
}

/** INVALID_ARGUMENT unless `value` is a boolean or undefined (no coercion of 'yes' or 1). @internal */
export function checkFlag(owner: string, name: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new OdeflowError('INVALID_ARGUMENT', `${owner}: ${name} must be true or false, got ${typeof value} ${String(value)}.`, { [name]: value });
  }
  return value === true;
}

/** INVALID_ARGUMENT unless `backend` looks like a TensorBackend. @internal */
export function checkOptimizerBackend(owner: string, backend: unknown): void {
  const b = backend as Partial<TensorBackend<unknown>> | null;
  if (b === null || typeof b !== 'object' || typeof b.zeros !== 'function' || typeof b.lincomb !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `${owner}: the first argument must be the parameters' TensorBackend (flow.backend, new JsBackend()).`);
  }
}
