/**
 * A first-order optimizer over a list of backend tensors.
 *
 * The `params` array is the owner of the parameters: {@link Optimizer.step} updates it slot by slot.
 * On the `js` backend the tensors are updated in place (the array keeps the same tensors); on backends with
 * immutable tensors (tfjs) each slot receives a new tensor and the old one is disposed. Either way, read the
 * parameters from the array after a step, never from a copy taken before.
 */
export interface Optimizer<T> {
  /** Name for messages and progress (`sgd`, `adam`, `rmsprop`). */
  readonly name: string;
  /** Step size; may be changed between steps (schedules). */
  learningRate: number;
  /** Number of steps taken so far. */
  readonly iterations: number;
  /**
   * Apply one update to every parameter from its gradient. `grads[i]` must have `params[i]`'s shape; the
   * gradients are read, not disposed.
   */
  step(params: T[], grads: readonly T[]): void;
  /** Release the optimizer's state tensors (moments, accumulators). */
  dispose(): void;
}
