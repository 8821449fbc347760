import type { JsTensor } from '@odeflow/core';
import { checkShape, type RungeKuttaScheme } from './runge-kutta-stepper.js';
import type { Stepper, StepperContext } from './stepper.js';

/**
 * The fastest path, for `js` backend tensors: stages are combined directly on their Float64Array data
 * with the tableau's non-zero coefficients only, and with scalar tolerances and the default norm the
 * error norm is fused into the error combination (no error buffer). Allocation-free per step; f is
 * written with `fInto` when the dynamics offer it.
 */
export class Float64RungeKuttaStepper implements Stepper<JsTensor> {
  y0: JsTensor;
  y1: JsTensor;
  readonly k: JsTensor[];
  nfe = 0;
  private readonly ctx: StepperContext<JsTensor>;
  private readonly s: number;
  private readonly fsal: boolean;
  private readonly c: readonly number[];
  /** For each stage i: indices j < i with aᵢⱼ ≠ 0, and those aᵢⱼ. */
  private readonly aIdx: number[][];
  private readonly aVal: number[][];
  private readonly bIdx: number[];
  private readonly bVal: number[];
  private readonly eIdx: number[];
  private readonly eVal: number[];
  private readonly e3Idx: number[];
  private readonly e3Val: number[];
  private readonly hasErr: boolean;
  private readonly ytmp: JsTensor;
  private readonly err: JsTensor;
  private readonly kd: Float64Array[];
  private readonly scratch: number[];
  private readonly f1Index: number;
  private readonly denseC: readonly number[];
  private readonly denseIdx: number[][];
  private readonly denseVal: number[][];
  private denseDone = false;

  /**
   * @param scheme - the method
   * @param ctx - the solve
   * @param y0 - a tensor of the state's shape (for allocation only)
   */
  constructor(scheme: RungeKuttaScheme, ctx: StepperContext<JsTensor>, y0: JsTensor) {
    const be = ctx.backend;
    this.ctx = ctx;
    const tab = scheme.tableau;
    this.s = tab.stages;
    this.fsal = scheme.fsal;
    this.c = tab.c;
    const nz = (row: readonly number[]) => {
      const idx: number[] = [];
      const val: number[] = [];
      row.forEach((x, j) => {
        if (x !== 0) {
          idx.push(j);
          val.push(x);
        }
      });
      return { idx, val };
    };
    this.aIdx = [];
    this.aVal = [];
    for (const row of tab.a) {
      const { idx, val } = nz(row);
      this.aIdx.push(idx);
      this.aVal.push(val);
    }
    ({ idx: this.bIdx, val: this.bVal } = nz(tab.b));
    ({ idx: this.eIdx, val: this.eVal } = nz(tab.bErr ?? []));
    ({ idx: this.e3Idx, val: this.e3Val } = nz(scheme.bErr3 ?? []));
    this.hasErr = tab.bErr !== undefined;
    const shape = y0.shape;
    this.y0 = be.zeros(shape);
    this.y1 = be.zeros(shape);
    this.ytmp = be.zeros(shape);
    this.err = be.zeros(shape);
    const nk = (this.fsal ? this.s : this.s + 1) + (scheme.denseStages?.c.length ?? 0);
    this.f1Index = this.fsal ? this.s - 1 : this.s;
    this.denseC = scheme.denseStages?.c ?? [];
    this.denseIdx = [];
    this.denseVal = [];
    for (const row of scheme.denseStages?.a ?? []) {
      const { idx, val } = nz(row);
      this.denseIdx.push(idx);
      this.denseVal.push(val);
    }
    this.k = [];
    for (let i = 0; i < nk; i++) this.k.push(be.zeros(shape));
    this.kd = this.k.map((x) => x.data);
    this.scratch = new Array<number>(nk).fill(0);
  }

  private evalInto(t: number, y: JsTensor, out: JsTensor): void {
    this.nfe++;
    const d = this.ctx.dynamics;
    if (d.fInto) {
      d.fInto(t, y, this.ctx.params, out);
    } else {
      const fy = d.f(t, y, this.ctx.params);
      try {
        if (fy.data.length !== out.data.length) checkShape(this.ctx.backend, y, fy, t);
        out.data.set(fy.data);
      } finally {
        this.ctx.backend.dispose(fy);
      }
    }
  }

  start(t0: number, y0: JsTensor): void {
    this.y0.data.set(y0.data);
    this.ctx.backend.dispose(y0);
    const d = this.ctx.dynamics;
    if (d.fInto) {
      this.evalInto(t0, this.y0, this.k[0]);
    } else {
      // check the shape once, on the first evaluation
      this.nfe++;
      const fy = d.f(t0, this.y0, this.ctx.params);
      try {
        checkShape(this.ctx.backend, this.y0, fy, t0);
        this.k[0].data.set(fy.data);
      } finally {
        this.ctx.backend.dispose(fy);
      }
    }
  }

  /** out ← base + dt·Σ val[m]·k[idx[m]] on raw data. */
  private combine(out: Float64Array, base: Float64Array | null, dt: number, idx: number[], val: number[]): void {
    const n = out.length;
    const kd = this.kd;
    const m = idx.length;
    const sc = this.scratch;
    for (let q = 0; q < m; q++) sc[q] = dt * val[q];
    if (m === 0) {
      if (base) out.set(base);
      else out.fill(0);
      return;
    }
    const k0 = kd[idx[0]];
    const c0 = sc[0];
    if (base) for (let e = 0; e < n; e++) out[e] = base[e] + c0 * k0[e];
    else for (let e = 0; e < n; e++) out[e] = c0 * k0[e];
    for (let q = 1; q < m; q++) {
      const kq = kd[idx[q]];
      const cq = sc[q];
      for (let e = 0; e < n; e++) out[e] += cq * kq[e];
    }
  }

  private fusedNorm(e: Float64Array, a: Float64Array, b: Float64Array, rtol: number, atol: number): number {
    const n = e.length;
    if (n === 0) return 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const ai = a[i] < 0 ? -a[i] : a[i];
      const bi = b[i] < 0 ? -b[i] : b[i];
      const r = e[i] / (atol + rtol * (ai > bi ? ai : bi));
      s += r * r;
    }
    return Math.sqrt(s / n);
  }

  private norm(): number {
    const ctx = this.ctx;
    if (!ctx.norm && typeof ctx.rtol === 'number' && typeof ctx.atol === 'number') {
      return this.fusedNorm(this.err.data, this.y0.data, this.y1.data, ctx.rtol, ctx.atol);
    }
    return ctx.norm
      ? ctx.norm(this.err, this.y0, this.y1, ctx.rtol, ctx.atol)
      : ctx.backend.errorNorm(this.err, this.y0, this.y1, ctx.rtol, ctx.atol);
  }

  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number {
    const c = this.c;
    const last = this.fsal ? this.s - 1 : this.s;
    const y0 = this.y0.data;
    const ytmp = this.ytmp;
    for (let i = 1; i < last; i++) {
      this.combine(ytmp.data, y0, dt, this.aIdx[i], this.aVal[i]);
      this.evalInto(c[i] === 1 ? tLast : t0 + c[i] * dt, ytmp, this.k[i]);
    }
    this.combine(this.y1.data, y0, dt, this.bIdx, this.bVal);
    if (this.fsal) this.evalInto(tLast, this.y1, this.k[this.s - 1]);
    if (!estimate || !this.hasErr) return 0;
    this.combine(this.err.data, null, dt, this.eIdx, this.eVal);
    const n5 = this.norm();
    if (this.e3Idx.length === 0) return n5;
    this.combine(this.err.data, null, dt, this.e3Idx, this.e3Val);
    const n3 = this.norm();
    const d = n5 * n5 + 0.01 * n3 * n3;
    return d === 0 ? 0 : (n5 * n5) / Math.sqrt(d);
  }

  complete(tLast: number): void {
    if (!this.fsal) this.evalInto(tLast, this.y1, this.k[this.s]);
    this.denseDone = false;
  }

  denseReady(t0: number, dt: number): void {
    if (this.denseDone || this.denseC.length === 0) return;
    this.denseDone = true;
    const base = this.f1Index + 1;
    for (let i = 0; i < this.denseC.length; i++) {
      this.combine(this.ytmp.data, this.y0.data, dt, this.denseIdx[i], this.denseVal[i]);
      this.evalInto(t0 + this.denseC[i] * dt, this.ytmp, this.k[base + i]);
    }
  }

  record(): { y0: JsTensor; y1: JsTensor; k: JsTensor[] } {
    const be = this.ctx.backend;
    const k = (this.denseDone ? this.k : this.k.slice(0, this.f1Index + 1)).map((x) => be.clone(x));
    return { y0: be.clone(this.y0), y1: be.clone(this.y1), k };
  }

  accept(t1: number, restart: boolean): void {
    // swap buffers instead of copying: y1's buffer becomes y0's
    const y = this.y0;
    this.y0 = this.y1;
    this.y1 = y;
    if (restart) {
      this.evalInto(t1, this.y0, this.k[0]);
    } else {
      this.k[0].data.set(this.kd[this.f1Index]);
    }
  }

  reject(): void {}

  /** Ready for another solve with the same context: the buffers are simply overwritten. */
  reset(): void {
    this.nfe = 0;
    this.denseDone = false;
  }

  dispose(): void {
    this.ctx.backend.dispose([this.y0, this.y1, this.ytmp, this.err, ...this.k]);
  }
}
