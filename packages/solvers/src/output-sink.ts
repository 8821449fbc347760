/**
 * Where a solve writes its outputs instead of making one new tensor per output time (`IntegrateArgs.outputs`),
 * on backends whose tensors are float64 buffers (`InPlaceOps` with `view`, i.e. `js`): the state at each
 * output is formed in one reused buffer and handed over here, so that a solve with many output times
 * allocates nothing per output. The solution's `ys` is then left empty (its `ts` still lists the outputs).
 */
export interface OutputSink {
  /**
   * Take output `index` (0 is the initial state, then in the order of the solution's `ts`): `y` is the
   * state, row-major, valid only during the call — copy what you keep.
   */
  write(index: number, y: Float64Array): void;
}
