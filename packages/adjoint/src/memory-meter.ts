import type { TensorBackend } from '@odeflow/core';

/**
 * Measures the most bytes a gradient computation held on top of what was live when it started, from the
 * backend's own accounting (the js backend counts live tensors; tfjs reports its memory). Only as honest
 * as the disposal of the code measured: sensitivities release what they no longer need.
 */
export class MemoryMeter {
  private readonly baseline: number;

  /** Start measuring now: resets the backend's peak. */
  constructor(private readonly backend: TensorBackend<unknown>) {
    this.baseline = backend.memory().bytes;
    backend.resetPeak();
  }

  /** Peak bytes held since the meter started, beyond the bytes live at its start. */
  peak(): number {
    return Math.max(0, this.backend.memory().peakBytes - this.baseline);
  }
}
