import { OdeflowError } from '@odeflow/core';

// Keys that reach an object's prototype chain (or look like they do) instead of naming an option.
const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

function refuse(what: string, message: string, key?: string): never {
  throw new OdeflowError('INVALID_ARGUMENT', `${what} ${message}`, key === undefined ? { option: what } : { option: what, key });
}

/**
 * The own enumerable data properties of an options object, copied into an object without a prototype, so
 * that nothing inherited (a polluted `Object.prototype`, an `Object.create({ rtol })` chain, a `__proto__` key
 * from `JSON.parse`) can set an option or slip past the unknown-key check. `undefined` and `null` give `{}`.
 *
 * @param what - the argument's name in messages (`options`, `config`, ...)
 * @param o - the user's value
 * @throws OdeflowError INVALID_ARGUMENT when `o` is not a plain object (an array, a class instance, a function,
 *   an object with another prototype), has a `__proto__`, `constructor` or `prototype` key, a getter or setter,
 *   or cannot be read (a proxy whose traps throw)
 */
export function ownOptions(what: string, o: unknown): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  if (o === undefined || o === null) return out;
  if (typeof o !== 'object' || Array.isArray(o)) refuse(what, `must be a plain object { key: value }; got ${Array.isArray(o) ? 'an array' : typeof o}.`);
  let descriptors: Record<string, PropertyDescriptor>;
  try {
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) {
      refuse(what, 'must be a plain object literal: its prototype is not Object.prototype, so inherited keys would be read as options. Copy the options you mean into { ... }.');
    }
    descriptors = Object.getOwnPropertyDescriptors(o);
  } catch (e) {
    if (e instanceof OdeflowError) throw e;
    refuse(what, `could not be read (${e instanceof Error ? e.message : String(e)}); pass a plain object.`);
  }
  for (const key of Reflect.ownKeys(descriptors)) {
    if (typeof key === 'symbol') continue;
    const d = descriptors[key];
    if (FORBIDDEN_KEYS.includes(key)) refuse(what, `has a key "${key}", which is never an option and may change the object's prototype; remove it.`, key);
    if (!d.enumerable) continue;
    if (!('value' in d)) refuse(what, `key "${key}" is a getter or setter; give options as plain values.`, key);
    out[key] = d.value;
  }
  return out;
}
