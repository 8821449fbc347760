import type { SensitivityStats } from '@odeflow/core';

/** Fresh counters for a gradient computation. */
export function emptyStats(): SensitivityStats {
  return { nfeForward: 0, nfeBackward: 0, stepsForward: 0, stepsBackward: 0, forwardMs: 0, backwardMs: 0, peakBytes: 0 };
}
