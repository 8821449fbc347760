import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';

/** Heun–Euler 2(1): Heun's method with Euler as the embedded estimate. */
export const adaptiveHeun = new ExplicitRungeKutta({
  name: 'adaptive_heun',
  order: 2,
  errorOrder: 1,
  tableau: { c: [0, 1], a: [[], [1]], b: [1 / 2, 1 / 2], bErr: [1 / 2 - 1, 1 / 2] },
  description: 'Heun–Euler 2(1), adaptive',
});
