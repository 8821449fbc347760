import { OdeflowError } from '@odeflow/core';

/** A test an option's value must pass, with what it expects for the message. */
export interface BackendOptionTest {
  /** True when the value is acceptable. */
  readonly test: (v: unknown) => boolean;
  /** What the value must be, e.g. `a map from file name to URL`. */
  readonly expected: string;
}

/** What an option of a backend factory must be: a JS type, or a test with a description for the message. */
export type BackendOptionRule = 'string' | 'boolean' | BackendOptionTest;

/**
 * Check the options object of a backend factory (`createTfjsBackend`, `createWasmBackend`): a plain object (no class
 * instance, no prototype smuggled in with a `__proto__` key) whose keys are in `rules` and whose defined values pass
 * their rule. Anything else is INVALID_ARGUMENT naming the option and what it must be.
 * @param owner - the factory, for messages
 * @param options - the options received
 * @param rules - every option the factory accepts and what its value must be
 */
export function checkBackendOptions(owner: string, options: unknown, rules: Readonly<Record<string, BackendOptionRule>>): void {
  const proto: unknown = options !== null && typeof options === 'object' ? Object.getPrototypeOf(options) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new OdeflowError('INVALID_ARGUMENT', `${owner}: options must be a plain object { ${Object.keys(rules).join(', ')} }; got ${options === null ? 'null' : typeof options}.`);
  }
  for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
    const rule = Object.prototype.hasOwnProperty.call(rules, key) ? rules[key] : undefined;
    if (rule === undefined) {
      throw new OdeflowError('INVALID_ARGUMENT', `${owner}: unknown option "${key}"; the options are ${Object.keys(rules).join(', ')}.`, { key });
    }
    if (value === undefined) continue;
    const ok = typeof rule === 'string' ? typeof value === rule : rule.test(value);
    if (!ok) {
      const expected = typeof rule === 'string' ? `a ${rule}` : rule.expected;
      throw new OdeflowError('INVALID_ARGUMENT', `${owner}: option ${key} must be ${expected}; got ${typeof value} ${String(value).slice(0, 40)}.`, { key });
    }
  }
}
