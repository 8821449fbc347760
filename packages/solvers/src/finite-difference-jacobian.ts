import { JsTensor, type Dynamics, type TensorBackend } from '@odeflow/core';
import { columnGroups } from './column-groups.js';
import type { SparsityPattern } from './sparsity-pattern.js';

/** √ε: the forward-difference step relative to the scale of a component (Hairer's and SciPy's choice). */
const SQRT_EPS = Math.sqrt(Number.EPSILON);
/**
 * A column whose largest change |f(y + h) − f(y)| is below this fraction of |f| lost more than ~6 digits to
 * rounding (its component is far below its natural scale, e.g. exactly 0 at t0): it is redone once with the
 * step that makes the change √ε·|f|.
 */
const ROUNDING_LIMIT = 0.01 * SQRT_EPS;

/**
 * ∂f/∂y by forward differences, for dynamics that offer neither a Jacobian nor a JVP. Column j is
 * (f(t, y + hⱼeⱼ) − f(t, y))/hⱼ with hⱼ = √ε·max(|yⱼ|, typicalⱼ), rounded so that yⱼ + hⱼ − yⱼ is exactly hⱼ.
 * A column that rounding dominates (yⱼ far below its natural scale, e.g. 0) is redone once with a step
 * scaled to f, as SciPy's `num_jac` does, costing one more evaluation per such group.
 * With a sparsity pattern, columns sharing no row are perturbed together (Curtis–Powell–Reid), so a
 * banded or diagonal system costs a few evaluations instead of n. Counts its f evaluations in `nfe`.
 * On the `js` backend with `fInto` it allocates nothing per evaluation.
 */
export class FiniteDifferenceJacobian<T> {
  /** f evaluations spent so far (1 + number of column groups per evaluation, or the groups alone given f(t, y)). */
  nfe = 0;
  private readonly groups: Int32Array[];
  private readonly rows: readonly Int32Array[] | undefined;
  private readonly typical: Float64Array;
  private readonly h: Float64Array;
  private readonly yp: Float64Array;
  private readonly redo: Int32Array;
  private shared: { y: JsTensor; f: JsTensor; f0: JsTensor } | undefined;

  /**
   * @param backend - backend of the state
   * @param dynamics - the right-hand side
   * @param params - its parameters
   * @param n - number of state components
   * @param typical - scale below which a component counts as zero (the absolute tolerance is a good one)
   * @param pattern - which entries may be nonzero (default: all)
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly dynamics: Dynamics<T>,
    private readonly params: readonly T[],
    readonly n: number,
    typical: Float64Array,
    pattern?: SparsityPattern,
  ) {
    this.typical = typical;
    this.rows = pattern?.rows;
    this.groups = pattern ? columnGroups(pattern) : Array.from({ length: n }, (_, j) => Int32Array.of(j));
    this.h = new Float64Array(n);
    this.yp = new Float64Array(n);
    this.redo = new Int32Array(n);
  }

  /** Number of column groups (f evaluations per Jacobian besides f(t, y)). */
  get groupCount(): number {
    return this.groups.length;
  }

  /** Fill `out` (n·n, row-major) with the difference quotients at (t, y); `fy`, when given, is f(t, y). */
  evaluate(t: number, y: T, out: Float64Array, fy?: T): void {
    const { n, h, yp } = this;
    const js = y instanceof JsTensor;
    const y0 = js ? y.data : this.backend.toFloat64Array(y);
    if (js && !this.shared && this.backend.inPlace && this.dynamics.fInto) {
      // buffers of y's shape, made once: the js path then allocates nothing per evaluation
      const z = () => new JsTensor(new Float64Array(n), y.shape);
      this.shared = { y: z(), f: z(), f0: z() };
    }
    for (let j = 0; j < n; j++) {
      const step = SQRT_EPS * Math.max(Math.abs(y0[j]), this.typical[j]);
      // the step actually taken, so that rounding in y + h does not bias the quotient
      h[j] = y0[j] + step - y0[j];
      if (h[j] === 0) h[j] = step;
    }
    out.fill(0);
    const f0 = fy !== undefined ? this.read(fy) : this.call(t, y0, y, true);
    for (const g of this.groups) {
      let redo = 0;
      const f1 = this.perturbed(t, y0, y, g, g.length);
      for (let k = 0; k < g.length; k++) if (this.column(g[k], f0, f1, out, y0)) this.redo[redo++] = g[k];
      if (redo === 0) continue;
      const f2 = this.perturbed(t, y0, y, this.redo, redo);
      for (let k = 0; k < redo; k++) this.column(this.redo[k], f0, f2, out, undefined);
    }
  }

  // f at y + Σ hⱼeⱼ over the first `count` columns of `cols`
  private perturbed(t: number, y0: Float64Array, like: T, cols: Int32Array, count: number): Float64Array {
    const { yp, h } = this;
    yp.set(y0);
    for (let k = 0; k < count; k++) yp[cols[k]] += h[cols[k]];
    return this.call(t, yp, like, false);
  }

  /**
   * Write column j's quotients. With `y0` given, check for rounding: when the change is tiny but nonzero
   * against |f|, set a larger hⱼ and return true (the caller redoes the column).
   */
  private column(j: number, f0: Float64Array, f1: Float64Array, out: Float64Array, y0: Float64Array | undefined): boolean {
    const { n } = this;
    const inv = 1 / this.h[j];
    const rows = this.rows?.[j];
    const count = rows ? rows.length : n;
    let diff = 0;
    let scale = 0;
    for (let k = 0; k < count; k++) {
      const i = rows ? rows[k] : k;
      const d = f1[i] - f0[i];
      out[i * n + j] = d * inv;
      // rounding is judged in the row of the largest change (SciPy's num_jac)
      if (Math.abs(d) > diff) {
        diff = Math.abs(d);
        scale = Math.max(Math.abs(f0[i]), Math.abs(f1[i]));
      }
    }
    if (!y0 || diff === 0 || diff >= ROUNDING_LIMIT * scale) return false;
    const step = Math.min((this.h[j] * SQRT_EPS * scale) / diff, SQRT_EPS * Math.max(Math.abs(y0[j]), 1));
    if (!(step > this.h[j])) return false;
    this.h[j] = y0[j] + step - y0[j];
    return true;
  }

  private read(fy: T): Float64Array {
    if (fy instanceof JsTensor) return fy.data;
    return this.backend.toFloat64Array(fy);
  }

  // f at the state `data` (y itself when `base`), counted; on the shared js path the result lives in a reused buffer
  private call(t: number, data: Float64Array, like: T, base: boolean): Float64Array {
    this.nfe++;
    const s = this.shared;
    if (s) {
      const target = base ? s.f0 : s.f;
      s.y.data.set(data);
      this.dynamics.fInto!(t, s.y as T, this.params, target as T);
      return target.data;
    }
    const be = this.backend;
    const yt = be.fromArray(data, be.shape(like));
    const ft = this.dynamics.f(t, yt, this.params);
    const v = be.toFloat64Array(ft);
    be.dispose([yt, ft]);
    return v;
  }
}
