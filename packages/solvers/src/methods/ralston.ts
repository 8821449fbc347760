import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';

/** Ralston's second-order method (minimal truncation error among 2-stage methods), fixed step. */
export const ralston = new ExplicitRungeKutta({
  name: 'ralston',
  order: 2,
  tableau: { c: [0, 2 / 3], a: [[], [2 / 3]], b: [1 / 4, 3 / 4] },
  description: "Ralston's method, order 2, fixed step",
});
