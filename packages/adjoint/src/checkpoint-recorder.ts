import { MeteredBuffers, type TensorBackend } from '@odeflow/core';
import type { OutputRecord, StepRecord, StepRecorder } from '@odeflow/solvers';
import { tensorBytes } from './tensor-bytes.js';

/**
 * The forward recorder of the checkpointed sensitivity: it keeps the time of every accepted step (numbers
 * only) and the state at the start of selected steps — the step that produces each output, and every
 * `every`-th step — and releases everything else as soon as it is handed over. The stored states (and the step
 * times, 8 bytes a step) report to the running memory meter as `checkpoints`.
 */
export class CheckpointRecorder<T> implements StepRecorder<T> {
  /** Start time of every accepted step. */
  readonly times: number[] = [];
  /** State at the start of each checkpointed step, by step index. */
  readonly states = new Map<number, T>();
  /** Output provenance, in the order reported. */
  readonly outputs: OutputRecord[] = [];
  /** End time of the last accepted step. */
  tEnd = Number.NaN;
  // The last step's initial state, kept until we know whether one of its outputs makes it a checkpoint.
  private pending: { index: number; y0: T } | null = null;
  private readonly held = new MeteredBuffers('checkpoints', true);
  private readonly heldTimes = new MeteredBuffers('checkpoints');

  /**
   * @param backend - owner of the handed-over tensors
   * @param every - also checkpoint every this many steps (undefined: only at outputs)
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly every: number | undefined,
  ) {}

  /** Keep the step's time, and its initial state if it is a checkpoint. */
  onStep(rec: StepRecord<T>): void {
    this.settle();
    this.times.push(rec.t0);
    this.heldTimes.grow(8);
    this.tEnd = rec.t0 + rec.dt;
    this.backend.dispose(rec.y1);
    this.backend.dispose(rec.k);
    this.held.grow(tensorBytes(this.backend, [rec.y0]));
    if (rec.index === 0 || (this.every !== undefined && rec.index % this.every === 0)) this.states.set(rec.index, rec.y0);
    else this.pending = { index: rec.index, y0: rec.y0 };
  }

  /** Outputs make the step that produced them a checkpoint. */
  onOutput(rec: OutputRecord): void {
    this.outputs.push({ index: rec.index, t: rec.t, stepIndex: rec.stepIndex, theta: rec.theta });
    if (this.pending && rec.stepIndex === this.pending.index) {
      this.states.set(this.pending.index, this.pending.y0);
      this.pending = null;
    }
  }

  /** Release the pending state once the solve is over. */
  settle(): void {
    if (this.pending) this.drop(this.pending.y0);
    this.pending = null;
  }

  /** Release the state stored for step `index` (the backward pass is done with its segment). */
  release(index: number): void {
    const y = this.states.get(index);
    if (y === undefined) return;
    this.drop(y);
    this.states.delete(index);
  }

  /** Release every stored state. */
  dispose(): void {
    this.settle();
    for (const y of this.states.values()) this.drop(y);
    this.states.clear();
    this.heldTimes.clear();
  }

  private drop(y: T): void {
    this.held.shrink(tensorBytes(this.backend, [y]));
    this.backend.dispose(y);
  }
}
