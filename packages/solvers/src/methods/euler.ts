import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';

/** Forward Euler: order 1, one stage, fixed step; cubic Hermite dense output. */
export const euler = new ExplicitRungeKutta({
  name: 'euler',
  order: 1,
  tableau: { c: [0], a: [[]], b: [1] },
  description: 'forward Euler, order 1, fixed step',
});
