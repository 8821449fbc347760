import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';

/** Heun's third-order method, fixed step. */
export const heun3 = new ExplicitRungeKutta({
  name: 'heun3',
  order: 3,
  tableau: { c: [0, 1 / 3, 2 / 3], a: [[], [1 / 3], [0, 2 / 3]], b: [1 / 4, 0, 3 / 4] },
  description: "Heun's third-order method, fixed step",
});
