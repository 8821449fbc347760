import { OdeflowError } from '@odeflow/core';
import type { BatchedOdeFunction } from './batched-ode-function.js';

/**
 * The working set of a batched solve: one slot per row still being solved, the first `m` slots active and in
 * increasing row order. Per slot it holds the time, the step bookkeeping of the PI controller and the next
 * output, and row-major buffers for y₀, y₁, a stage argument and every recorded stage. Rows that finish are
 * compacted away (stable, so f always sees rows in increasing order), moving only what a step starts from:
 * y₀ and f(t₀, y₀). Allocates once per solve.
 * @internal
 */
export class BatchState {
  /** Active slots. */
  m: number;
  /** Row of the batch in each slot. */
  readonly row: Int32Array;
  /** Time of each slot (the end of its last accepted step). */
  readonly t: Float64Array;
  /** Magnitude of the step each slot tries next. */
  readonly dt: Float64Array;
  /** Signed size of the current attempt. */
  readonly h: Float64Array;
  /** End of the current attempt. */
  readonly t1: Float64Array;
  /** Scaled error of the current attempt. */
  readonly err: Float64Array;
  /** Error of the last accepted step (PI control). */
  readonly prevErr: Float64Array;
  /** The controller's proposal after the current attempt. */
  readonly proposed: Float64Array;
  /** 1 when the attempt lands on the last output time. */
  readonly land: Uint8Array;
  /** 1 when the last attempt was rejected. */
  readonly lastRejected: Uint8Array;
  /** 1 when the current attempt is accepted. */
  readonly ok: Uint8Array;
  /** 1 when the slot's row has finished (compacted away at the next step). */
  readonly done: Uint8Array;
  /** Index of the next output time of each slot. */
  readonly next: Int32Array;
  /** States at the start of the steps, row-major. */
  readonly y0: Float64Array;
  /** Candidate states at the end. */
  readonly y1: Float64Array;
  /** Stage arguments: what f reads. */
  readonly ytmp: Float64Array;
  /** Each entry's row step h (h of slot j repeated n times), for the flat stage combinations. */
  readonly hE: Float64Array;
  /** Error estimates of the current attempts. */
  readonly errv: Float64Array;
  /** Recorded stage derivatives, one row-major buffer per stage. */
  readonly k: Float64Array[];
  /** Times handed to f. */
  readonly tArg: Float64Array;
  /** Row indices handed to f. */
  readonly rowArg: Int32Array;
  /** Slots of a gathered subset. */
  readonly gSlot: Int32Array;
  /** What f writes for a gathered subset, before it is scattered to the slots. */
  readonly gOut: Float64Array;
  /** Calls of f. */
  calls = 0;
  /** Calls of f over all active rows (each row's share of them is counted when it finishes). */
  private allCalls = 0;
  private vRowSrc: Int32Array;
  private vT: Float64Array;
  private vY: Float64Array;
  private vRows: Int32Array;
  private readonly vOut: Float64Array[] = [];

  /**
   * @param f - the batched right-hand side
   * @param capacity - the most rows solved together (a chunk of the batch)
   * @param n - components per row
   * @param recorded - stage buffers the method needs
   * @param nfe - evaluations per row of the whole batch, added to as rows finish
   */
  constructor(
    private readonly f: BatchedOdeFunction,
    capacity: number,
    readonly n: number,
    recorded: number,
    readonly nfe: Float64Array,
  ) {
    const B = capacity;
    this.m = 0;
    const f64 = () => new Float64Array(B);
    this.row = new Int32Array(B);
    [this.t, this.dt, this.h, this.t1, this.err, this.prevErr, this.proposed] = [f64(), f64(), f64(), f64(), f64(), f64(), f64()];
    [this.land, this.lastRejected, this.ok, this.done] = [new Uint8Array(B), new Uint8Array(B), new Uint8Array(B), new Uint8Array(B)];
    this.next = new Int32Array(B);
    const size = B * n;
    [this.y0, this.y1, this.ytmp] = [new Float64Array(size), new Float64Array(size), new Float64Array(size)];
    [this.hE, this.errv] = [new Float64Array(size), new Float64Array(size)];
    this.k = Array.from({ length: recorded }, () => new Float64Array(size));
    this.tArg = f64();
    this.rowArg = new Int32Array(B);
    this.gSlot = new Int32Array(B);
    this.gOut = new Float64Array(size);
    this.vT = this.tArg;
    this.vY = this.ytmp;
    this.vRows = this.rowArg;
    this.vRowSrc = this.row;
  }

  /** Start rows first … first + count − 1 of the batch at t0 from their initial values in `y0` (all B rows). */
  load(first: number, count: number, y0: Float64Array, t0: number): void {
    const n = this.n;
    this.m = count;
    this.allCalls = 0;
    for (let j = 0; j < count; j++) this.row[j] = first + j;
    this.y0.set(y0.subarray(first * n, (first + count) * n));
    this.t.fill(t0, 0, count);
    this.prevErr.fill(1, 0, count);
    this.lastRejected.fill(0, 0, count);
    this.done.fill(0, 0, count);
    this.next.fill(1, 0, count);
    this.setViews();
  }

  /**
   * f over the active slots: reads `ytmp` and `tArg` (first m rows), writes stage buffer `stage`. Counts one
   * call for every active row at once ({@link BatchState.closeRow} turns the count into the row's nfe).
   */
  evalAll(stage: number): void {
    this.vRows.set(this.vRowSrc);
    this.allCalls++;
    this.call(this.vT, this.vY, this.vOut[stage], this.vRows);
  }

  /** Add to slot j's row the calls over all active rows it took part in (call once, when the row finishes). */
  closeRow(j: number): void {
    this.nfe[this.row[j]] += this.allCalls;
  }

  // the views of the first m rows that f sees, remade only when m changes
  private setViews(): void {
    const m = this.m;
    const size = m * this.n;
    this.vT = this.tArg.subarray(0, m);
    this.vY = this.ytmp.subarray(0, size);
    this.vRows = this.rowArg.subarray(0, m);
    this.vRowSrc = this.row.subarray(0, m);
    for (let i = 0; i < this.k.length; i++) this.vOut[i] = this.k[i].subarray(0, size);
  }

  /**
   * f over a subset of slots: the first `count` entries of `gSlot`, whose arguments the caller has packed into
   * the first rows of `ytmp` and `tArg`; the result is scattered into stage buffer `stage` at those slots.
   */
  evalSubset(stage: number, count: number): void {
    const scratch = this.gOut;
    const n = this.n;
    const size = count * n;
    const row = this.row;
    for (let q = 0; q < count; q++) {
      this.rowArg[q] = row[this.gSlot[q]];
      this.nfe[row[this.gSlot[q]]]++;
    }
    this.call(this.tArg.subarray(0, count), this.ytmp.subarray(0, size), scratch.subarray(0, size), this.rowArg.subarray(0, count));
    const out = this.k[stage];
    for (let q = 0; q < count; q++) {
      const src = q * n;
      const dst = this.gSlot[q] * n;
      for (let i = 0; i < n; i++) out[dst + i] = scratch[src + i];
    }
  }

  private call(t: Float64Array, y: Float64Array, out: Float64Array, rows: Int32Array): void {
    this.calls++;
    const r: unknown = this.f(t, y, out, rows);
    if (r !== undefined) {
      throw new OdeflowError(
        'INVALID_ARGUMENT',
        `With a batch of initial values (y0 of shape [B, n]) f is the batched form (t, Y, out, rows) => void: it must write ` +
          `dy/dt of every row into out (${out.length} = ${rows.length} rows × ${this.n} entries) and return nothing; it returned ${r === null ? 'null' : typeof r}. ` +
          'To solve one problem, pass a flat y0.',
        { returned: r === null ? 'null' : typeof r },
      );
    }
  }

  /** Drop the finished slots, keeping the order of the others; true when any was dropped. */
  compact(): boolean {
    const { m, n, done } = this;
    let w = 0;
    while (w < m && done[w] === 0) w++;
    if (w === m) return false;
    for (let j = w + 1; j < m; j++) {
      if (done[j] !== 0) continue;
      this.move(j, w);
      w++;
    }
    for (let j = w; j < m; j++) done[j] = 0;
    this.m = w;
    this.setViews();
    return true;
  }

  private move(from: number, to: number): void {
    const n = this.n;
    this.row[to] = this.row[from];
    this.t[to] = this.t[from];
    this.dt[to] = this.dt[from];
    this.prevErr[to] = this.prevErr[from];
    this.lastRejected[to] = this.lastRejected[from];
    this.next[to] = this.next[from];
    this.done[to] = 0;
    const y0 = this.y0;
    const k0 = this.k[0];
    const a = from * n;
    const b = to * n;
    for (let i = 0; i < n; i++) {
      y0[b + i] = y0[a + i];
      k0[b + i] = k0[a + i];
    }
  }
}
