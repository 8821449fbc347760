import { OdeflowError } from '@odeflow/core';

/** One problem found in a spec: where it is and what was expected there. */
export interface SpecIssue {
  /** Path of the offending field, e.g. `stages[2].rtol` (empty for the whole document). */
  readonly path: string;
  /** What was expected there, e.g. `expected a number > 0`. */
  readonly expected: string;
  /** The value found, as short JSON, when there is one. */
  readonly received?: string;
  /** A more specific error code behind the issue, e.g. `UNSAFE_EXPRESSION` for a refused equation. */
  readonly code?: string;
  /** The limit a value exceeded (with code `LIMIT_EXCEEDED`; see PIPELINE_LIMITS). */
  readonly limit?: number;
}

/** `['stages', 2, 'rtol']` → `stages[2].rtol`. */
export function formatSpecPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** The value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Short JSON of a value for messages. */
export function shortJson(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  let s: string;
  try {
    s = typeof v === 'number' && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * The INVALID_SPEC error for `issues`: the message lists each path with its expectation (the first ones), and
 * `details.issues` holds all of them; `details.path` is the first offending path.
 */
export function invalidSpecError(issues: readonly SpecIssue[], source?: string): OdeflowError {
  const shown = issues.slice(0, 8).map((i) => `  - ${i.path || '(document)'}: ${i.expected}${i.received !== undefined ? `, got ${i.received}` : ''}`);
  if (issues.length > shown.length) shown.push(`  - ... and ${issues.length - shown.length} more`);
  return new OdeflowError(
    'INVALID_SPEC',
    `Invalid pipeline spec${source ? ` ${source}` : ''} (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was run. Fix:\n${shown.join('\n')}`,
    { issues, path: issues[0]?.path ?? '' },
  );
}
