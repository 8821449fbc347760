import { DiagonallyImplicitRungeKutta } from './diagonally-implicit-runge-kutta.js';

/** The implicit trapezoidal rule y₁ = y₀ + h/2·(f₀ + f₁): order 2, A-stable (not L-stable), fixed step (give `stepSize`). */
export const trapezoid = new DiagonallyImplicitRungeKutta({
  name: 'trapezoid',
  tableau: { c: [0, 1], a: [[], [0.5, 0.5]], b: [0.5, 0.5] },
  order: 2,
  description: 'implicit trapezoidal rule (Crank–Nicolson) with simplified Newton, fixed step, A-stable',
});
