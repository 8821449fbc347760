import { OdeflowError } from '@odeflow/core';

/**
 * The Jacobian ∂f/∂y of a plain right-hand side, for implicit methods: n rows of n numbers
 * (`rows[i][j]` = ∂fᵢ/∂yⱼ), or n·n numbers row-major (a Float64Array, say). It must not keep `y`.
 */
export type OdeJacobian = (t: number, y: Float64Array) => ArrayLike<ArrayLike<number>> | ArrayLike<number>;

/**
 * ∂f/∂y in either form {@link odeint} takes: returned as an {@link OdeJacobian} does, or written into `out`
 * (n·n, row-major: out[i·n + j] = ∂fᵢ/∂yⱼ, every entry) with nothing returned — the fast form, no allocation
 * per call. It must not keep `y` or `out`.
 */
export type OdeJacobianForms = (t: number, y: Float64Array, out: Float64Array) => ArrayLike<ArrayLike<number>> | ArrayLike<number> | void;

function notFinite(v: unknown, i: number, j: number, t: number, name: string, written = false): OdeflowError {
  return new OdeflowError(
    'NON_FINITE_STATE',
    `The jacobian of ${name} ${written ? 'wrote' : 'returned'} ${String(v)} for ∂f${i}/∂y${j} at t = ${t}` +
      `${written ? ` (or left that entry of out unwritten: write every entry)` : ''}. Every entry must be a finite number: ` +
      'check the derivative for division by zero or overflow near this time.',
    { t, row: i, column: j, value: v },
  );
}

function shapeError(msg: string, t: number, name: string, details: Record<string, unknown>): OdeflowError {
  return new OdeflowError(
    'SHAPE_MISMATCH',
    `The jacobian of ${name} ${msg} at t = ${t}; return ${details.n} rows of ${details.n} numbers (rows[i][j] = ∂fᵢ/∂yⱼ) ` +
      `or ${Number(details.n) ** 2} numbers row-major.`,
    { t, ...details },
  );
}

/** Copy the first `count` entries of `src` into `out` from index `at`, refusing a non-finite one. */
function copyChecked(src: ArrayLike<number>, count: number, out: Float64Array, at: number, n: number, t: number, name: string): void {
  for (let k = 0; k < count; k++) {
    const v = src[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      const flat = at + k;
      throw notFinite(v, Math.floor(flat / n), flat % n, t, name);
    }
    out[at + k] = v;
  }
}

/**
 * Write the user's Jacobian at (t, y) into `out` (n·n, row-major; the fast form writes there itself), refusing a wrong shape (SHAPE_MISMATCH)
 * or a NaN/±∞ entry (NON_FINITE_STATE) with the time and the entry, so a wrong Jacobian fails at its first
 * call, not as a Newton iteration that silently never converges.
 */
export function writeJacobian(jacobian: OdeJacobianForms, t: number, y: Float64Array, out: Float64Array, name: string): void {
  const n = y.length;
  if (out.length < n * n) {
    throw new OdeflowError('SHAPE_MISMATCH', `jacobian: the output buffer holds ${out.length} entries; a state of ${n} components needs ${n * n} (n·n, row-major).`, {
      needed: n * n,
      length: out.length,
    });
  }
  const nn = n * n;
  // NaN first, so that an entry the fast form leaves unwritten is caught by the finite check
  for (let k = 0; k < nn; k++) out[k] = NaN;
  const r = jacobian(t, y, out.length === nn ? out : out.subarray(0, nn));
  if (r === undefined) {
    for (let k = 0; k < nn; k++) {
      const v = out[k];
      if (v - v !== 0) throw notFinite(v, Math.floor(k / n), k % n, t, name, true);
    }
    return;
  }
  if (r === null || typeof r !== 'object' || typeof r.length !== 'number') {
    throw shapeError(`returned ${String(r)}`, t, name, { n });
  }
  const rows = r.length > 0 && typeof r[0] === 'object' && r[0] !== null;
  if (!rows) {
    if (r.length !== n * n) throw shapeError(`returned ${r.length} numbers`, t, name, { n, got: r.length });
    copyChecked(r as ArrayLike<number>, n * n, out, 0, n, t, name);
    return;
  }
  if (r.length !== n) throw shapeError(`returned ${r.length} rows`, t, name, { n, rows: r.length });
  for (let i = 0; i < n; i++) {
    const row = (r as ArrayLike<ArrayLike<number>>)[i];
    if (row === null || typeof row !== 'object' || row.length !== n) {
      const len = row !== null && typeof row === 'object' ? row.length : String(row);
      throw shapeError(`returned row ${i} with ${len} entries`, t, name, { n, row: i });
    }
    copyChecked(row, n, out, i * n, n, t, name);
  }
}
