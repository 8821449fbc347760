import type { LossFunction, MetricFunction } from './pipeline-spec.js';

/** A loss value and its gradient with respect to every prediction entry. */
export interface LossWithGradient {
  /** The loss. */
  readonly value: number;
  /** ∂L/∂prediction, entry by entry. */
  readonly gradient: Float64Array;
}

/**
 * Mean absolute (`mae`) or mean squared (`mse`) error of `prediction` against `target` (same length), with
 * its gradient. The gradient of |x| at 0 is taken as 0.
 */
export function lossWithGradient(loss: LossFunction, prediction: ArrayLike<number>, target: ArrayLike<number>): LossWithGradient {
  const n = prediction.length;
  const gradient = new Float64Array(n);
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = prediction[i]! - target[i]!;
    if (loss === 'mse') {
      value += d * d;
      gradient[i] = (2 * d) / n;
    } else {
      value += Math.abs(d);
      gradient[i] = Math.sign(d) / n;
    }
  }
  return { value: value / n, gradient };
}

/** A metric of `prediction` against `target` (same length): mean absolute, mean squared, root mean squared or largest absolute error. */
export function metricValue(metric: MetricFunction, prediction: ArrayLike<number>, target: ArrayLike<number>): number {
  const n = prediction.length;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(prediction[i]! - target[i]!);
    sum += metric === 'mse' || metric === 'rmse' ? d * d : d;
    if (d > max || Number.isNaN(d)) max = d;
  }
  switch (metric) {
    case 'mae':
    case 'mse':
      return sum / n;
    case 'rmse':
      return Math.sqrt(sum / n);
    case 'max-abs':
      return max;
  }
}
