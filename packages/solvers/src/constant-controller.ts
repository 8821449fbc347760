import type { StepSizeController } from '@odeflow/core';

/** Fixed steps: accepts every step and keeps its size (used with `stepSize` or `grid`). */
export class ConstantStepSizeController implements StepSizeController {
  /** Registered name. */
  readonly name = 'constant';
  /** Does not adapt. */
  readonly adaptive = false;

  decide(_errNorm: number, dt: number): ReturnType<StepSizeController['decide']> {
    return { accept: true, dtNext: dt };
  }
}
