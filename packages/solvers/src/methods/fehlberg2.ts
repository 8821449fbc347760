import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';

/** Fehlberg's RK1(2) pair propagating the second-order solution: 2(1), three stages. */
export const fehlberg2 = new ExplicitRungeKutta({
  name: 'fehlberg2',
  order: 2,
  errorOrder: 1,
  tableau: {
    c: [0, 1 / 2, 1],
    a: [[], [1 / 2], [1 / 256, 255 / 256]],
    b: [1 / 512, 255 / 256, 1 / 512],
    bErr: [1 / 512 - 1 / 256, 0, 1 / 512],
  },
  description: 'Fehlberg 2(1), adaptive',
});
