import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';

/** Explicit midpoint rule: order 2, fixed step. */
export const midpoint = new ExplicitRungeKutta({
  name: 'midpoint',
  order: 2,
  tableau: { c: [0, 1 / 2], a: [[], [1 / 2]], b: [0, 1] },
  description: 'explicit midpoint rule, order 2, fixed step',
});
