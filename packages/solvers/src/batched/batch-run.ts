import type { SolveStatus, SparseTerms } from '@odeflow/core';
import * as failure from '../solve-failure.js';
import type { BatchMethod } from './batch-method.js';
import type { ResolvedBatchOptions } from './batch-options.js';
import { BatchState } from './batch-state.js';
import { combineRow, combineRows, denseRow, rowFinite, scaledNorm } from './batch-kernels.js';
import type { BatchedOdeFunction } from './batched-ode-function.js';
import { dop853Norm } from '../error-norm.js';
import { batchStart } from './batch-start.js';
import { PIController } from '../pi-controller.js';

/** What a row's solve ended with, filled as rows finish. @internal */
export interface BatchOutcome {
  status: SolveStatus[];
  messages: (string | undefined)[];
  tReached: Float64Array;
  reached: Int32Array;
  steps: Float64Array;
  accepted: Float64Array;
  rejected: Float64Array;
}

/**
 * The loop of a batched solve: every active row attempts one step per round — each stage one call of f over
 * all of them — and then each row is judged, accepted or rejected, sampled and controlled on its own, with the
 * logic of `integrate` (PI control, no growth after a rejection, the last step cut onto the end, outputs from
 * the dense output). Rows leave the batch when they finish or fail.
 * @internal
 */
export class BatchRun {
  readonly s: BatchState;
  private readonly dir: 1 | -1;
  private readonly tEnd: number;
  private readonly T: number;
  private readonly controller: PIController;

  constructor(
    f: BatchedOdeFunction,
    private readonly method: BatchMethod,
    private readonly o: ResolvedBatchOptions,
    private readonly ts: readonly number[],
    private readonly ys: Float64Array,
    private readonly out: BatchOutcome,
    private readonly n: number,
    capacity: number,
    nfe: Float64Array,
  ) {
    this.s = new BatchState(f, capacity, n, method.plan.recorded, nfe);
    this.controller = new PIController({ safety: o.safety, factorMin: o.factorMin, factorMax: o.factorMax, pcoeff: o.pcoeff, icoeff: o.icoeff });
    this.T = ts.length;
    this.tEnd = ts[ts.length - 1];
    this.dir = ts.length > 1 && ts[1] < ts[0] ? -1 : 1;
  }

  /** Solve rows first … first + count − 1 (at most the capacity) to the end, or to their failures. */
  run(first: number, count: number, y0: Float64Array): void {
    const s = this.s;
    s.load(first, count, y0, this.ts[0]);
    batchStart(s, this.method, this.o, this.dir, (j, status, message) => this.finish(j, status, message));
    for (;;) {
      s.compact();
      this.clip();
      s.compact();
      if (s.m === 0) return;
      this.spread();
      this.attempt();
      this.judge();
      this.complete();
      this.denseStages();
      this.acceptAll();
    }
  }

  /** End slot j's row with this status. */
  finish(j: number, status: SolveStatus, message?: string): void {
    const s = this.s;
    const r = s.row[j];
    s.done[j] = 1;
    s.closeRow(j);
    this.out.status[r] = status;
    this.out.messages[r] = message === undefined ? undefined : `Row ${r}: ${message}`;
    this.out.tReached[r] = s.t[j];
    this.out.reached[r] = s.next[j];
  }

  // maxSteps, then each slot's step cut at the end of the interval (Breakpoints.clip without stepT/jumpT)
  private clip(): void {
    const { s, dir, tEnd } = this;
    const steps = this.out.steps;
    for (let j = 0; j < s.m; j++) {
      if (steps[s.row[j]] >= this.o.maxSteps) {
        this.finish(j, 'max_steps_exceeded', failure.maxSteps({ maxSteps: this.o.maxSteps, ts: this.ts }, s.t[j]));
        continue;
      }
      const t = s.t[j];
      const t1 = t + dir * s.dt[j];
      const land = dir * (t1 - tEnd) >= 0;
      s.land[j] = land ? 1 : 0;
      s.t1[j] = land ? tEnd : t1;
      s.h[j] = land ? tEnd - t : dir * s.dt[j];
    }
  }

  // each entry's row step, for the flat combinations (after the slots that finished are compacted away)
  private spread(): void {
    const { s, n } = this;
    const { h, hE } = s;
    for (let j = 0; j < s.m; j++) {
      const hj = h[j];
      const end = (j + 1) * n;
      for (let e = j * n; e < end; e++) hE[e] = hj;
    }
  }

  // the stages, y₁ and the error estimate of every active slot
  private attempt(): void {
    const { s, n } = this;
    const { plan } = this.method;
    const { c, a, stages } = plan;
    const m = s.m;
    const size = m * n;
    const last = plan.fsal ? stages - 1 : stages;
    const { tArg, t, t1, h } = s;
    for (let i = 1; i < last; i++) {
      combineRows(s.ytmp, s.y0, s.k, a[i], s.hE, size);
      const ci = c[i];
      if (ci === 1) for (let j = 0; j < m; j++) tArg[j] = t1[j];
      else for (let j = 0; j < m; j++) tArg[j] = t[j] + ci * h[j];
      s.evalAll(i);
    }
    combineRows(s.y1, s.y0, s.k, plan.b, s.hE, size);
    if (plan.fsal) {
      const { ytmp, y1 } = s;
      for (let e = 0; e < size; e++) ytmp[e] = y1[e];
      for (let j = 0; j < m; j++) tArg[j] = t1[j];
      s.evalAll(stages - 1);
    }
    if (plan.err) this.errors(plan.err, false);
    if (plan.err3) this.errors(plan.err3, true);
  }

  // the scaled error norm of every slot (combined with the first one as DOP853 does, for its second estimate)
  private errors(terms: SparseTerms, second: boolean): void {
    const { s, n } = this;
    const { rtol, atol } = this.o;
    const { errv, y0, y1, err } = s;
    combineRows(errv, null, s.k, terms, s.hE, s.m * n);
    for (let j = 0; j < s.m; j++) {
      const e = scaledNorm(errv, j * n, y0, y1, j * n, rtol, atol, n);
      err[j] = second ? dop853Norm(err[j], e) : e;
    }
  }

  // StepControl.judge and, on a rejection, StepControl.rejected with integrate's failure statuses
  private judge(): void {
    const { s, o, dir } = this;
    for (let j = 0; j < s.m; j++) {
      const r = s.row[j];
      this.out.steps[r]++;
      const e = s.err[j];
      const finite = e === e && e !== Infinity && rowFinite(s.y1, j, this.n);
      const en = finite ? e : Infinity;
      const accept = en <= 1;
      // the single solve's own controller, so that every row steps exactly as it would alone
      const factor = this.controller.factor(en, this.method.errorOrder, s.prevErr[j]);
      s.proposed[j] = Math.abs(s.h[j]) * factor;
      if (accept && finite) {
        s.ok[j] = 1;
        continue;
      }
      s.ok[j] = 0;
      this.out.rejected[r]++;
      s.lastRejected[j] = 1;
      const dt = (s.dt[j] = Math.min(s.proposed[j], o.dtMax));
      const t = s.t[j];
      if (dt < o.dtMin || t + dir * dt === t) {
        if (finite) this.finish(j, 'step_size_underflow', failure.underflow(o, t, dt));
        else this.finish(j, 'non_finite_state', failure.nonFinite(t));
      }
    }
  }

  // f(t₁, y₁) of the accepted slots, for methods whose last stage is not it
  private complete(): void {
    const { s, n } = this;
    const plan = this.method.plan;
    if (plan.fsal) return;
    const count = this.gatherAccepted(() => true);
    if (count === 0) return;
    for (let q = 0; q < count; q++) {
      const j = s.gSlot[q];
      const src = j * n;
      const dst = q * n;
      for (let i = 0; i < n; i++) s.ytmp[dst + i] = s.y1[src + i];
      s.tArg[q] = s.t1[j];
    }
    s.evalSubset(plan.f1Index, count);
  }

  // the extra stages of a dense output (DOP853's), for the accepted slots with an output inside the step
  private denseStages(): void {
    const { s, n, ts, T } = this;
    const plan = this.method.plan;
    if (plan.denseC.length === 0) return;
    const count = this.gatherAccepted((j) => s.next[j] < T && (ts[s.next[j]] - s.t[j]) / s.h[j] < 1);
    if (count === 0) return;
    const base = plan.f1Index + 1;
    for (let i = 0; i < plan.denseC.length; i++) {
      for (let q = 0; q < count; q++) {
        const j = s.gSlot[q];
        combineRow(s.ytmp, q * n, s.y0, s.k, plan.dense[i], s.h[j], j, n);
        s.tArg[q] = s.t[j] + plan.denseC[i] * s.h[j];
      }
      s.evalSubset(base + i, count);
    }
  }

  private gatherAccepted(want: (j: number) => boolean): number {
    const s = this.s;
    let count = 0;
    for (let j = 0; j < s.m; j++) if (s.ok[j] === 1 && want(j)) s.gSlot[count++] = j;
    return count;
  }

  // outputs, then y₁ → y₀ and f(t₁, y₁) → k₀, then StepControl.accepted
  private acceptAll(): void {
    const { s, n, o, ts, T, dir } = this;
    const f1 = s.k[this.method.plan.f1Index];
    const k0 = s.k[0];
    for (let j = 0; j < s.m; j++) {
      if (s.ok[j] === 0) continue;
      const r = s.row[j];
      this.out.accepted[r]++;
      const t = s.t[j];
      const t1 = s.t1[j];
      const h = s.h[j];
      while (s.next[j] < T && dir * (ts[s.next[j]] - t1) <= 0) this.sample(j, r, (ts[s.next[j]++] - t) / h);
      const off = j * n;
      for (let i = off; i < off + n; i++) {
        s.y0[i] = s.y1[i];
        k0[i] = f1[i];
      }
      s.t[j] = t1;
      const size = Math.abs(h);
      let next = s.proposed[j];
      if (s.lastRejected[j] === 1 && next > size) next = size;
      if (s.land[j] === 1 && size < s.dt[j]) next = Math.max(next, Math.min(s.dt[j], (s.proposed[j] / size) * s.dt[j]));
      s.dt[j] = Math.min(Math.max(next, o.dtMin), o.dtMax);
      s.prevErr[j] = s.err[j];
      s.lastRejected[j] = 0;
      if (s.next[j] >= T) this.finish(j, 'success');
    }
  }

  // the output just passed (s.next[j] − 1) of slot j at fraction theta of its step
  private sample(j: number, r: number, theta: number): void {
    const { s, n } = this;
    const dst = (r * this.T + this.s.next[j] - 1) * n;
    if (theta === 1) {
      const src = j * n;
      for (let i = 0; i < n; i++) this.ys[dst + i] = s.y1[src + i];
      return;
    }
    const w = this.method.solver.denseWeights(theta);
    denseRow(this.ys, dst, w, s.h[j], j, n, s.y0, s.y1, s.k);
  }
}

