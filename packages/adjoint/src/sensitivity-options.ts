import { OdeflowError } from '@odeflow/core';

/** A sensitivity's options after the key check: only its own keys, values not checked yet. */
export type UncheckedOptions<S extends object> = { readonly [K in keyof S]?: unknown };

/**
 * Check `sensitivityOptions` against the keys a sensitivity accepts and return them for their value checks.
 * Unknown keys are refused (a misspelt `checkpointEvry` must not be silently ignored).
 */
export function readSensitivityOptions<S extends object>(
  method: string,
  allowed: readonly string[],
  raw: Readonly<S> | undefined,
): UncheckedOptions<S> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new OdeflowError('INVALID_ARGUMENT', `The "${method}" sensitivity options must be an object; got ${String(raw)}.`);
  }
  const record = raw as Readonly<Record<string, unknown>>;
  const unknown = Object.keys(record).filter((k) => !allowed.includes(k) && record[k] !== undefined);
  if (unknown.length > 0) {
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} for the "${method}" sensitivity. ` +
        `Valid options: ${allowed.length > 0 ? allowed.join(', ') : '(none)'}.`,
      { method, unknown, valid: [...allowed] },
    );
  }
  return raw as UncheckedOptions<S>;
}

/** A positive finite number option, or undefined when absent. */
export function positiveOption(method: string, key: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `Option "${key}" of the "${method}" sensitivity must be a positive number; got ${String(value)}.`, {
      method,
      key,
      value,
    });
  }
  return value;
}
