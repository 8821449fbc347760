import { ExplicitRungeKutta } from '../explicit-runge-kutta.js';
import { HermiteInterpolant } from '../hermite-interpolant.js';

const b = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const bHat = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

/** Shampine's dense-output coefficients for Dormand–Prince 5(4) (Hairer's DOPRI5 `d`). */
const SHAMPINE_D = [
  -12715105075 / 11282082432,
  0,
  87487479700 / 32700410799,
  -10690763975 / 1880347072,
  701980252875 / 199316789632,
  -1453857185 / 822651844,
  69997945 / 29380423,
];

/** Dormand–Prince 5(4), FSAL, with Shampine's 4th-order dense output: the default method. */
export const dopri5 = new ExplicitRungeKutta({
  name: 'dopri5',
  order: 5,
  errorOrder: 4,
  tableau: {
    c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
    a: [
      [],
      [1 / 5],
      [3 / 40, 9 / 40],
      [44 / 45, -56 / 15, 32 / 9],
      [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
      [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
      b.slice(0, 6),
    ],
    b,
    bErr: b.map((x, i) => x - bHat[i]),
  },
  interpolant: new HermiteInterpolant([{ p: 2, q: 2, d: SHAMPINE_D }], 4, "Shampine's 4th-order dense output"),
  description: 'Dormand–Prince 5(4), adaptive, FSAL (default)',
  // Hairer's dopri5.f: the stability region meets the negative real axis near −3.3
  stiffnessBound: 3.25,
});
