import type { OutputRecord } from '@odeflow/solvers';
import type { StepOutput } from './step-backpropagator.js';

/**
 * The outputs produced by accepted steps [from, to), with step positions counted from `from`.
 * Output records name accepted steps by their index among all accepted steps.
 */
export function stepOutputs(outputs: readonly OutputRecord[], from: number, to: number): StepOutput[] {
  const out: StepOutput[] = [];
  for (const o of outputs) {
    if (o.stepIndex >= from && o.stepIndex < to) out.push({ index: o.index, step: o.stepIndex - from, theta: o.theta });
  }
  return out;
}

/** Indices of the outputs that are the initial state itself (not produced by any step). */
export function initialOutputs(outputs: readonly OutputRecord[], count: number): number[] {
  const initial = outputs.filter((o) => o.stepIndex < 0).map((o) => o.index);
  // A loop that does not report the initial output still returns y0 as ys[0].
  if (count > 0 && !outputs.some((o) => o.index === 0)) initial.push(0);
  return initial;
}
