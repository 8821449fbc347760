import type { OutputSink } from '@odeflow/solvers';

/**
 * The outputs of one `odeint` solve in one Float64Array, row i holding the state at the i-th output time:
 * the solve writes each output into its row (no array per output), and {@link OutputBlock.rows} hands them
 * out as views (`subarray`) into the block. Sized for the requested output times up front; grows by doubling
 * only in every-step mode, where the number of outputs is not known before the solve.
 * @internal
 */
export class OutputBlock implements OutputSink {
  private data: Float64Array;

  /**
   * @param n - state size (entries per row)
   * @param rows - rows to allocate up front
   */
  constructor(
    private readonly n: number,
    rows: number,
  ) {
    this.data = new Float64Array(n * rows);
  }

  write(index: number, y: Float64Array): void {
    const n = this.n;
    const at = index * n;
    let d = this.data;
    if (at + n > d.length) {
      const grown = new Float64Array(Math.max(at + n, 2 * d.length));
      grown.set(d);
      this.data = d = grown;
    }
    // a loop beats TypedArray.set on the small states of hand-written right-hand sides
    if (n > 64) d.set(y, at);
    else for (let i = 0; i < n; i++) d[at + i] = y[i];
  }

  /** The first `count` rows, as views into the block. */
  rows(count: number): Float64Array[] {
    const n = this.n;
    const d = this.data;
    const out = new Array<Float64Array>(count);
    for (let i = 0; i < count; i++) out[i] = d.subarray(i * n, i * n + n);
    return out;
  }
}
