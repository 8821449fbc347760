/** An output produced by one of the steps being reversed. */
export interface StepOutput {
  /** Index of the output time in the problem's ts. */
  readonly index: number;
  /** Position of the producing step within the steps being reversed. */
  readonly step: number;
  /** (t − t0)/dt of the output within that step. */
  readonly theta: number;
}
