import { MAX_FACTOR, MAX_ORDER } from './bdf-coefficients.js';

/** The order and step factor chosen after a run of equal steps. */
export interface OrderChoice {
  /** The order of the next step. */
  order: number;
  /** The next step's size over this one's. */
  factor: number;
}

/**
 * Shampine–Reichelt order selection (SciPy's `bdf.py`): from the scaled error estimates of orders k − 1, k
 * and k + 1 (∞ where an order does not exist), take the order whose optimal step factor
 * errⱼ^(−1/(j+1)) is largest, and that factor times `safety`, at most {@link MAX_FACTOR}. Writes into
 * `out` (no allocation).
 */
export function chooseOrder(order: number, errLower: number, err: number, errHigher: number, safety: number, out: OrderChoice): OrderChoice {
  let best = Math.pow(err, -1 / (order + 1));
  let next = order;
  if (order > 1) {
    const f = Math.pow(errLower, -1 / order);
    if (f > best) {
      best = f;
      next = order - 1;
    }
  }
  if (order < MAX_ORDER) {
    const f = Math.pow(errHigher, -1 / (order + 2));
    if (f > best) {
      best = f;
      next = order + 1;
    }
  }
  out.order = next;
  out.factor = Math.min(MAX_FACTOR, safety * best);
  return out;
}
