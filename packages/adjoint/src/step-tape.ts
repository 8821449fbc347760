import { MeteredBuffers, type TensorBackend } from '@odeflow/core';
import type { OutputRecord, StepRecord, StepRecorder } from '@odeflow/solvers';
import { tensorBytes } from './tensor-bytes.js';

/** One accepted step as the backward pass needs it: where it started, its size, its state and stages. */
export interface TapeStep<T> {
  /** Start time of the step. */
  readonly t0: number;
  /** Signed step size. */
  readonly dt: number;
  /** State at t0. */
  readonly y0: T;
  /** Every stage derivative the step computed. */
  readonly k: readonly T[];
}

/**
 * A step recorder that keeps every accepted step (initial state and stages) and the provenance of every
 * output: the tape the direct sensitivity reverses. Its memory grows with the number of steps — that is
 * the price of an exact discrete gradient. The end state of each step is released at once: it is the next
 * step's initial state (or rebuilt from y0 and the stages when an output needs it). The recorded tensors
 * report to the running memory meter under the tape's label.
 */
export class StepTape<T> implements StepRecorder<T> {
  /** Recorded steps in order. */
  readonly steps: TapeStep<T>[] = [];
  /** Output provenance, in the order reported. */
  readonly outputs: OutputRecord[] = [];
  /** End time of the last recorded step (NaN before any step). */
  tEnd = Number.NaN;

  private readonly held: MeteredBuffers;

  /**
   * @param backend - owner of the recorded tensors
   * @param label - what the memory meter calls the recorded tensors
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    label = 'direct tape',
  ) {
    this.held = new MeteredBuffers(label, true);
  }

  /** Keep the step, drop its end state. */
  onStep(rec: StepRecord<T>): void {
    this.backend.dispose(rec.y1);
    this.steps.push({ t0: rec.t0, dt: rec.dt, y0: rec.y0, k: rec.k });
    this.held.grow(tensorBytes(this.backend, [rec.y0, ...rec.k]));
    this.tEnd = rec.t0 + rec.dt;
  }

  /** Keep where the output came from. */
  onOutput(rec: OutputRecord): void {
    this.outputs.push({ index: rec.index, t: rec.t, stepIndex: rec.stepIndex, theta: rec.theta });
  }

  /** Release every recorded tensor. */
  dispose(): void {
    for (const s of this.steps) {
      this.backend.dispose(s.y0);
      this.backend.dispose(s.k);
    }
    this.steps.length = 0;
    this.held.clear();
  }
}
