import type { EventRecord, OdeflowError, Solution, SolveStats, SolveStatus, TensorBackend } from '@odeflow/core';
import { DenseSolution } from './dense-solution.js';
import type { SteppableSolver } from './stepper.js';
import type { StepRecorder } from './step-recorder.js';
import type { StepInterpolator } from './step-interpolator.js';
import type { Stepper } from './stepper.js';
import type { OutputSink } from './output-sink.js';

/**
 * What a solve returns: the state at the requested output times, taken from each accepted step's dense
 * output (steps are not shortened onto them) — or, with `everyStep`, the state at the end of every
 * accepted step — and, with `dense`, every step kept for `sol.evaluate(t)`. Reports every output to the
 * recorder with the step that produced it.
 */
export class OutputSampler<T> {
  private readonly ys: T[];
  private readonly outTs: number[];
  private readonly ts: readonly number[];
  private readonly direction: 1 | -1;
  private readonly backend: TensorBackend<T>;
  private readonly recorder: StepRecorder<T> | undefined;
  private readonly dense: DenseSolution<T> | undefined;
  private readonly everyStep: boolean;
  private next = 1;
  /** With a sink: where the outputs go, the reused tensor each is formed in, and its data. */
  private readonly sink: OutputSink | undefined;
  private scratch: T | undefined;
  private scratchData: Float64Array | undefined;

  /**
   * @param o - the solve's backend, output times, direction, method and whether to keep a dense solution
   * @param y0 - initial state (copied)
   * @param recorder - observer of the outputs, if any
   * @param sink - where to write the outputs instead of `ys` (used on backends with in-place float64 buffers)
   */
  constructor(
    o: {
      readonly backend: TensorBackend<T>;
      readonly ts: readonly number[];
      readonly direction: 1 | -1;
      readonly solver: SteppableSolver;
      readonly dense: boolean;
      readonly everyStep?: boolean;
    },
    y0: T,
    recorder: StepRecorder<T> | undefined,
    sink?: OutputSink,
  ) {
    this.backend = o.backend;
    this.ts = o.ts;
    this.direction = o.direction;
    this.recorder = recorder;
    this.everyStep = o.everyStep === true;
    const ip = o.backend.inPlace;
    this.sink = sink && ip?.view ? sink : undefined;
    if (this.sink) {
      this.scratch = o.backend.zeros(o.backend.shape(y0));
      this.scratchData = ip!.view!(this.scratch);
      this.ys = [];
      this.sink.write(0, ip!.view!(y0));
    } else {
      this.ys = [o.backend.clone(y0)];
    }
    this.outTs = [o.ts[0]];
    recorder?.onOutput?.({ index: 0, t: o.ts[0], stepIndex: -1, theta: 0 });
    this.dense = o.dense ? new DenseSolution(o.backend, o.solver, o.ts[0], y0, o.direction) : undefined;
  }

  /** True once every output time is reached. */
  get done(): boolean {
    return this.next >= this.ts.length;
  }

  /** Whether a step ending at t1 has anything to sample: an output time reached, or a dense solution to extend. */
  reaches(t1: number): boolean {
    return this.dense !== undefined || this.everyStep || (this.next < this.ts.length && this.direction * (this.ts[this.next] - t1) <= 0);
  }

  /**
   * Whether the step t → t + h (stopped at fraction `stopTheta` by a terminal event, else 2) needs its
   * dense output: an output time strictly inside it, or a dense solution.
   */
  needsDense(t: number, h: number, stopTheta: number): boolean {
    if (this.dense) return true;
    if (this.done) return false;
    // every step: only a terminal event inside the step needs its interpolant
    if (this.everyStep) return stopTheta < 1;
    const theta = (this.ts[this.next] - t) / h;
    return theta < 1 && theta <= stopTheta;
  }

  /** Take the outputs of the accepted step t → t1 = t + h (up to `stopTheta`), and keep it for `evaluate`. */
  sample(t: number, h: number, t1: number, stopTheta: number, stepIndex: number, dense: StepInterpolator<T>, stepper: Stepper<T>): void {
    const dir = this.direction;
    if (this.everyStep) this.sampleStep(t, h, t1, stopTheta, stepIndex, dense);
    while (!this.everyStep && this.next < this.ts.length) {
      const tOut = this.ts[this.next];
      if (dir * (tOut - t1) > 0) break;
      const theta = (tOut - t) / h;
      if (theta > stopTheta) break;
      this.emit(dense, t, theta, h);
      this.outTs.push(tOut);
      this.recorder?.onOutput?.({ index: this.next, t: tOut, stepIndex, theta });
      this.next++;
    }
    if (this.dense) {
      stepper.denseReady(t, h);
      this.dense.add(t, h, stepper.y0, stepper.y1, stepper.k, stepper.stepMethod);
    }
  }

  /** The output of every-step mode: the step's end, or the terminal event inside it; done at the last time. */
  private sampleStep(t: number, h: number, t1: number, stopTheta: number, stepIndex: number, dense: StepInterpolator<T>): void {
    const theta = stopTheta < 1 ? stopTheta : 1;
    // the same time as the event record's (t1 itself at θ = 1)
    const tOut = theta === 1 ? t1 : t + theta * h;
    this.emit(dense, t, theta, h);
    this.recorder?.onOutput?.({ index: this.outTs.length, t: tOut, stepIndex, theta });
    this.outTs.push(tOut);
    if (t1 === this.ts[this.ts.length - 1]) this.next = this.ts.length;
  }

  /** The state at fraction θ of the accepted step, as the next output (call before recording its time). */
  private emit(dense: StepInterpolator<T>, t: number, theta: number, h: number): void {
    if (this.sink) {
      dense.into(this.scratch!, t, theta, h);
      this.sink.write(this.outTs.length, this.scratchData!);
    } else {
      this.ys.push(dense.at(t, theta, h));
    }
  }

  /** End the dense output at a terminal event's time. */
  stopAt(t: number): void {
    if (this.dense) this.dense.tEnd = t;
  }

  /** The solution so far. */
  solution(status: SolveStatus, message: string | undefined, stats: SolveStats, events: EventRecord<T>[], tReached: number, cause?: OdeflowError): Solution<T> {
    this.releaseScratch();
    const sol: Solution<T> = { ts: this.outTs, ys: this.ys, stats, status, tReached, events, ...(message ? { message } : {}), ...(cause ? { cause } : {}) };
    const dense = this.dense;
    if (dense) (sol as { evaluate?: (t: number) => T }).evaluate = (t: number) => dense.evaluate(t);
    return sol;
  }

  /** Release the outputs made so far (when the solve throws). */
  dispose(): void {
    this.backend.dispose(this.ys);
    this.releaseScratch();
  }

  private releaseScratch(): void {
    if (this.scratch === undefined) return;
    this.backend.dispose(this.scratch);
    this.scratch = this.scratchData = undefined;
  }
}
