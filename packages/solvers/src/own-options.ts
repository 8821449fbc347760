import { OdeflowError } from '@odeflow/core';

// Keys that reach an object's prototype chain (or look like they do) instead of naming an option.
const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

// the objects this function returned: own data properties only, no prototype. One handed back (odeint passes
// its checked options on to integrate, which reads them again) is returned as it is instead of copied again.
const MADE = new WeakSet<object>();

function refuse(what: string, message: string, key?: string): never {
  throw new OdeflowError('INVALID_ARGUMENT', `${what} ${message}`, key === undefined ? { option: what } : { option: what, key });
}

/**
 * The own enumerable data properties of an options object, copied into an object without a prototype, so
 * that nothing inherited (a polluted `Object.prototype`, an `Object.create({ rtol })` chain, a `__proto__` key
 * from `JSON.parse`) can set an option or slip past the unknown-key check. `undefined` and `null` give `{}`.
 *
 * An object this function returned (and its caller filled with more own data properties) is returned as it is.
 *
 * @param what - the argument's name in messages (`options`, `config`, ...)
 * @param o - the user's value
 * @throws OdeflowError INVALID_ARGUMENT when `o` is not a plain object (an array, a class instance, a function,
 *   an object with another prototype), has a `__proto__`, `constructor` or `prototype` key, a getter or setter,
 *   or cannot be read (a proxy whose traps throw)
 */
export function ownOptions(what: string, o: unknown): Record<string, unknown> {
  if (typeof o === 'object' && o !== null && MADE.has(o)) return o as Record<string, unknown>;
  const out = Object.create(null) as Record<string, unknown>;
  MADE.add(out);
  if (o === undefined || o === null) return out;
  if (typeof o !== 'object' || Array.isArray(o)) refuse(what, `must be a plain object { key: value }; got ${Array.isArray(o) ? 'an array' : typeof o}.`);
  // a descriptor per name (not getOwnPropertyDescriptors and its object of all of them): this runs on every
  // odeint call, and the one-object form is several times slower
  let keys: string[];
  const descriptors: (PropertyDescriptor | undefined)[] = [];
  try {
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) {
      refuse(what, 'must be a plain object literal: its prototype is not Object.prototype, so inherited keys would be read as options. Copy the options you mean into { ... }.');
    }
    keys = Object.getOwnPropertyNames(o);
    for (let i = 0; i < keys.length; i++) descriptors.push(Object.getOwnPropertyDescriptor(o, keys[i]));
  } catch (e) {
    if (e instanceof OdeflowError) throw e;
    refuse(what, `could not be read (${e instanceof Error ? e.message : String(e)}); pass a plain object.`);
  }
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const d = descriptors[i];
    if (FORBIDDEN_KEYS.includes(key)) refuse(what, `has a key "${key}", which is never an option and may change the object's prototype; remove it.`, key);
    // a proxy may list a key it then has no descriptor for: nothing to read
    if (d === undefined || !d.enumerable) continue;
    if (!('value' in d)) refuse(what, `key "${key}" is a getter or setter; give options as plain values.`, key);
    out[key] = d.value;
  }
  return out;
}
