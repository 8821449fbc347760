import { OdeflowError } from '@odeflow/core';

/** A validated sparsity pattern of an n×n Jacobian, by column: `rows[j]` lists the rows i where ∂fᵢ/∂yⱼ may be nonzero. */
export interface SparsityPattern {
  /** Number of state components. */
  readonly n: number;
  /** Rows of each column's possible nonzeros, ascending, without repeats. */
  readonly rows: readonly Int32Array[];
}

function fail(code: 'INVALID_ARGUMENT' | 'SHAPE_MISMATCH', option: string, what: string, n: number, details: Record<string, unknown> = {}): never {
  throw new OdeflowError(
    code,
    `${option} ${what}. Give ${n} rows of ${n} booleans (pattern[i][j] true when fᵢ may depend on yⱼ) or a list of [i, j] ` +
      `pairs with integers 0 ≤ i, j < ${n}.`,
    { option, ...details },
  );
}

function isIndex(v: unknown, n: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < n;
}

function fromPairs(spec: readonly unknown[], n: number, option: string, sets: Set<number>[]): void {
  for (let k = 0; k < spec.length; k++) {
    const p = spec[k] as readonly unknown[];
    if (!Array.isArray(p) || p.length !== 2) fail('INVALID_ARGUMENT', option, `entry ${k} is not an [i, j] pair`, n, { index: k });
    if (!isIndex(p[0], n) || !isIndex(p[1], n)) fail('INVALID_ARGUMENT', option, `entry ${k} is [${String(p[0])}, ${String(p[1])}], outside the state's ${n} components`, n, { index: k });
    sets[p[1]].add(p[0]);
  }
}

function fromRows(spec: readonly unknown[], n: number, option: string, sets: Set<number>[]): void {
  if (spec.length !== n) fail('SHAPE_MISMATCH', option, `has ${spec.length} rows but the state has ${n} components`, n, { rows: spec.length });
  for (let i = 0; i < n; i++) {
    const row = spec[i] as readonly unknown[];
    if (!Array.isArray(row) || row.length !== n) {
      fail('SHAPE_MISMATCH', option, `row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries`, n, { row: i });
    }
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== 'boolean') fail('INVALID_ARGUMENT', option, `[${i}][${j}] is ${typeof v}, not a boolean (nothing is converted)`, n, { row: i, column: j });
      if (v) sets[j].add(i);
    }
  }
}

/**
 * Check a user's sparsity pattern against a state of n components and return it by column. Rows of
 * booleans and [i, j] pairs are told apart by the first entry: a pair starts with a number, a row with a
 * boolean.
 * @throws OdeflowError SHAPE_MISMATCH for a pattern of the wrong size, INVALID_ARGUMENT for a malformed entry
 */
export function sparsityPattern(spec: unknown, n: number, option = 'jacobianSparsity'): SparsityPattern {
  if (!Array.isArray(spec)) fail('INVALID_ARGUMENT', option, `must be an array; got ${spec === null ? 'null' : typeof spec}`, n);
  const sets = Array.from({ length: n }, () => new Set<number>());
  const first = spec[0] as unknown;
  const pairs = Array.isArray(first) && first.length > 0 && typeof first[0] === 'number';
  if (pairs) fromPairs(spec, n, option, sets);
  else fromRows(spec, n, option, sets);
  return { n, rows: sets.map((s) => Int32Array.from([...s].sort((a, b) => a - b))) };
}
