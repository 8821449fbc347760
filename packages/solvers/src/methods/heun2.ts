import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';

/** Heun's method (explicit trapezoidal rule): order 2, fixed step. */
export const heun2 = new ExplicitRungeKutta({
  name: 'heun2',
  order: 2,
  tableau: { c: [0, 1], a: [[], [1]], b: [1 / 2, 1 / 2] },
  description: "Heun's method (explicit trapezoid), order 2, fixed step",
});
