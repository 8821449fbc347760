import { OdeflowError, type TableauData } from '@odeflow/core';

/** Tolerance of the consistency checks, relative to the size of the coefficients involved. */
const CHECK_TOL = 1e-12;

/**
 * The coefficients of an explicit Runge–Kutta method, checked when built: c₀ = 0, row i of A has i
 * entries and Σⱼ aᵢⱼ = cᵢ, Σ b = 1, and the error weights (b − b̂) sum to 0. A broken tableau is refused
 * with `INVALID_TABLEAU` naming the offending row, so a typo in a user's method fails at registration,
 * not as a silently low order.
 */
export class ButcherTableau implements TableauData {
  /** Nodes cᵢ (c₀ = 0). */
  readonly c: readonly number[];
  /** Strictly lower-triangular coefficients: row i has i entries. */
  readonly a: readonly (readonly number[])[];
  /** Weights of the propagated solution. */
  readonly b: readonly number[];
  /** b − b̂: weights of the embedded error estimate, absent for fixed-step methods. */
  readonly bErr?: readonly number[];

  /**
   * @param data - c, a (row i with i entries; row 0 may be omitted-as-empty), b and optionally bErr
   * @throws OdeflowError INVALID_TABLEAU when the data is inconsistent
   */
  constructor(data: TableauData) {
    const s = data.c.length;
    const bad = (msg: string): never => {
      throw new OdeflowError('INVALID_TABLEAU', `Invalid Butcher tableau: ${msg}`, { tableau: data });
    };
    if (s === 0) bad('it has no stages (c is empty).');
    const all = [...data.c, ...data.b, ...(data.bErr ?? []), ...data.a.flat()];
    if (!all.every((x) => typeof x === 'number' && Number.isFinite(x))) bad('every coefficient must be a finite number.');
    if (data.c[0] !== 0) bad(`c[0] must be 0 for an explicit method; got ${data.c[0]}.`);
    if (data.a.length !== s) bad(`A has ${data.a.length} rows but c has ${s} entries (row i lists the i coefficients aᵢ₀..aᵢ,ᵢ₋₁; row 0 is []).`);
    if (data.b.length !== s) bad(`b has ${data.b.length} entries, expected one per stage (${s}).`);
    if (data.bErr && data.bErr.length !== s) bad(`bErr has ${data.bErr.length} entries, expected one per stage (${s}).`);
    for (let i = 0; i < s; i++) {
      const row = data.a[i];
      if (row.length !== i) bad(`row ${i} of A has ${row.length} entries; an explicit method needs exactly ${i}.`);
      const sum = row.reduce((p, x) => p + x, 0);
      const scale = Math.max(1, row.reduce((p, x) => p + Math.abs(x), 0));
      if (Math.abs(sum - data.c[i]) > CHECK_TOL * scale) {
        bad(`row ${i} of A sums to ${sum}, but c[${i}] = ${data.c[i]} (Σⱼ aᵢⱼ must equal cᵢ).`);
      }
    }
    const bSum = data.b.reduce((p, x) => p + x, 0);
    if (Math.abs(bSum - 1) > CHECK_TOL * Math.max(1, data.b.reduce((p, x) => p + Math.abs(x), 0))) {
      bad(`b sums to ${bSum}; the weights of a consistent method sum to 1.`);
    }
    if (data.bErr) {
      const eSum = data.bErr.reduce((p, x) => p + x, 0);
      if (Math.abs(eSum) > CHECK_TOL * Math.max(1, data.bErr.reduce((p, x) => p + Math.abs(x), 0))) {
        bad(`bErr sums to ${eSum}; the error weights b − b̂ must sum to 0.`);
      }
    }
    this.c = Object.freeze([...data.c]);
    this.a = Object.freeze(data.a.map((r) => Object.freeze([...r])));
    this.b = Object.freeze([...data.b]);
    if (data.bErr) this.bErr = Object.freeze([...data.bErr]);
  }

  /** Number of stages. */
  get stages(): number {
    return this.c.length;
  }

  /**
   * Whether the last stage is evaluated at (t₁, y₁) — c = 1, its A row equals b and b gives it no
   * weight — so that it is the first stage of the next step ("first same as last").
   */
  get fsal(): boolean {
    const s = this.c.length;
    if (s < 2 || this.c[s - 1] !== 1 || this.b[s - 1] !== 0) return false;
    const row = this.a[s - 1];
    for (let j = 0; j < s - 1; j++) if (row[j] !== this.b[j]) return false;
    return true;
  }
}
