import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';

/** Kutta's 3/8-rule fourth-order method (torchdiffeq's `rk4`), fixed step. */
export const rk4 = new ExplicitRungeKutta({
  name: 'rk4',
  order: 4,
  tableau: {
    c: [0, 1 / 3, 2 / 3, 1],
    a: [[], [1 / 3], [-1 / 3, 1], [1, -1, 1]],
    b: [1 / 8, 3 / 8, 3 / 8, 1 / 8],
  },
  description: 'Runge–Kutta 4 (3/8 rule), order 4, fixed step',
});
