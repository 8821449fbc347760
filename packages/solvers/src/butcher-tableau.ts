import { OdeflowError, type TableauData } from '@odeflow/core';

/** Tolerance of the consistency checks, relative to the size of the coefficients involved. */
const CHECK_TOL = 1e-12;

const sum = (xs: readonly number[]): number => xs.reduce((p, x) => p + x, 0);
const absSum = (xs: readonly number[]): number => xs.reduce((p, x) => p + Math.abs(x), 0);

/** Refuse `data` unless A is lower-triangular in the stored form and each row sums to its node. */
function checkRows(data: TableauData, bad: (msg: string) => never): void {
  const s = data.c.length;
  if (data.a.length !== s) {
    bad(`A has ${data.a.length} rows but c has ${s} entries (row i lists aᵢ₀..aᵢ,ᵢ₋₁, plus aᵢᵢ for an implicit stage; row 0 is [] or [a₀₀]).`);
  }
  for (let i = 0; i < s; i++) {
    const row = data.a[i];
    if (row.length === i + 1 && row[i] === 0) {
      bad(`row ${i} of A has ${row.length} entries but its diagonal entry a${i}${i} is 0: list only the ${i} entries below the diagonal for an explicit stage.`);
    }
    if (row.length !== i && row.length !== i + 1) {
      bad(
        `row ${i} of A has ${row.length} entries; it needs ${i} (explicit stage) or ${i + 1} ending with a nonzero aᵢᵢ ` +
          '(diagonally implicit stage). Entries above the diagonal (fully implicit methods) are not supported.',
      );
    }
    if (i === 0 && row.length === 0 && data.c[0] !== 0) {
      bad(`c[0] must be 0 when the first stage is explicit (row 0 of A is empty); got ${data.c[0]}.`);
    }
    const rowSum = sum(row);
    if (Math.abs(rowSum - data.c[i]) > CHECK_TOL * Math.max(1, absSum(row))) {
      bad(`row ${i} of A sums to ${rowSum}, but c[${i}] = ${data.c[i]} (Σⱼ aᵢⱼ must equal cᵢ).`);
    }
  }
}

/** Refuse `data` unless b sums to 1 and the error weights to 0. */
function checkWeights(data: TableauData, bad: (msg: string) => never): void {
  const s = data.c.length;
  if (data.b.length !== s) bad(`b has ${data.b.length} entries, expected one per stage (${s}).`);
  if (data.bErr && data.bErr.length !== s) bad(`bErr has ${data.bErr.length} entries, expected one per stage (${s}).`);
  const bSum = sum(data.b);
  if (Math.abs(bSum - 1) > CHECK_TOL * Math.max(1, absSum(data.b))) bad(`b sums to ${bSum}; the weights of a consistent method sum to 1.`);
  if (data.bErr) {
    const eSum = sum(data.bErr);
    if (Math.abs(eSum) > CHECK_TOL * Math.max(1, absSum(data.bErr))) bad(`bErr sums to ${eSum}; the error weights b − b̂ must sum to 0.`);
  }
}

/**
 * The coefficients of a Runge–Kutta method, explicit or diagonally implicit (DIRK, SDIRK, ESDIRK), checked
 * when built: A lower-triangular with row i listing aᵢ₀..aᵢ,ᵢ₋₁ (an explicit stage) or aᵢ₀..aᵢᵢ with a
 * nonzero diagonal (an implicit stage), Σⱼ aᵢⱼ = cᵢ, Σ b = 1, and the error weights (b − b̂) sum to 0. A broken
 * tableau is refused with `INVALID_TABLEAU` naming the offending row, so a typo in a user's method fails at
 * registration, not as a silently low order. {@link ButcherTableau.implicit} marks a tableau with implicit
 * stages: explicit steppers refuse it (they would compute garbage), implicit methods read its
 * {@link ButcherTableau.diagonal}.
 */
export class ButcherTableau implements TableauData {
  /** Nodes cᵢ. */
  readonly c: readonly number[];
  /** Lower-triangular coefficients: row i has i entries, or i + 1 ending with a nonzero aᵢᵢ. */
  readonly a: readonly (readonly number[])[];
  /** Weights of the propagated solution. */
  readonly b: readonly number[];
  /** b − b̂: weights of the embedded error estimate, absent for fixed-step methods. */
  readonly bErr?: readonly number[];
  /** The diagonal aᵢᵢ of A (0 for an explicit stage). */
  readonly diagonal: readonly number[];
  /** True when some stage is implicit (a nonzero aᵢᵢ): only an implicit method can step with it. */
  readonly implicit: boolean;
  /** True when the tableau is implicit and A lower-triangular (DIRK) — the only implicit kind accepted. */
  readonly diagonallyImplicit: boolean;

  /**
   * @param data - c, a (row i with i entries, or i + 1 with a nonzero diagonal), b and optionally bErr
   * @throws OdeflowError INVALID_TABLEAU when the data is inconsistent
   */
  constructor(data: TableauData) {
    const bad = (msg: string): never => {
      throw new OdeflowError('INVALID_TABLEAU', `Invalid Butcher tableau: ${msg}`, { tableau: data });
    };
    if (data.c.length === 0) bad('it has no stages (c is empty).');
    const all = [...data.c, ...data.b, ...(data.bErr ?? []), ...data.a.flat()];
    if (!all.every((x) => typeof x === 'number' && Number.isFinite(x))) bad('every coefficient must be a finite number.');
    checkRows(data, bad);
    checkWeights(data, bad);
    this.c = Object.freeze([...data.c]);
    this.a = Object.freeze(data.a.map((r) => Object.freeze([...r])));
    this.b = Object.freeze([...data.b]);
    if (data.bErr) this.bErr = Object.freeze([...data.bErr]);
    this.diagonal = Object.freeze(this.a.map((row, i) => (row.length > i ? row[i] : 0)));
    this.implicit = this.diagonal.some((d) => d !== 0);
    this.diagonallyImplicit = this.implicit;
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
    if (row.length !== s - 1) return false;
    for (let j = 0; j < s - 1; j++) if (row[j] !== this.b[j]) return false;
    return true;
  }
}
