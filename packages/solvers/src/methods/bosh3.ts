import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';

/** Bogacki–Shampine 3(2), FSAL (SciPy's RK23). */
export const bosh3 = new ExplicitRungeKutta({
  name: 'bosh3',
  order: 3,
  errorOrder: 2,
  tableau: {
    c: [0, 1 / 2, 3 / 4, 1],
    a: [[], [1 / 2], [0, 3 / 4], [2 / 9, 1 / 3, 4 / 9]],
    b: [2 / 9, 1 / 3, 4 / 9, 0],
    bErr: [2 / 9 - 7 / 24, 1 / 3 - 1 / 4, 4 / 9 - 1 / 3, -1 / 8],
  },
  description: 'Bogacki–Shampine 3(2), adaptive, FSAL',
});
