import type * as tf from '@tensorflow/tfjs-core';
import type { BackendMemory } from '@odeflow/core';

/**
 * Memory accounting of a tfjs-backed backend. `bytes` and `tensors` are tfjs's process-wide counts; tfjs
 * keeps no peak, so the peak is the largest byte count seen at the sampling points the backend chooses.
 */
export class PeakTracker {
  private peak: number;

  /** @param engine - tfjs's engine, whose state holds the process-wide byte and tensor counts */
  constructor(private readonly engine: ReturnType<typeof tf.engine>) {
    this.peak = engine.state.numBytes;
  }

  /** Record the bytes tfjs holds now in the peak. */
  sample(): void {
    const b = this.engine.state.numBytes;
    if (b > this.peak) this.peak = b;
  }

  /**
   * Current counts and the peak, after sampling once more.
   * @returns tfjs's bytes and tensors now, and the largest byte count observed
   */
  memory(): BackendMemory {
    this.sample();
    return { bytes: this.engine.state.numBytes, peakBytes: this.peak, tensors: this.engine.state.numTensors };
  }

  /** Restart the peak from the bytes tfjs holds now. */
  reset(): void {
    this.peak = this.engine.state.numBytes;
  }
}
