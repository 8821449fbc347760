import { DiagonallyImplicitRungeKutta } from './diagonally-implicit-runge-kutta.js';

/** Implicit (backward) Euler y₁ = y₀ + h·f(t₁, y₁): order 1, L-stable, fixed step (give `stepSize`). */
export const implicitEuler = new DiagonallyImplicitRungeKutta({
  name: 'implicit_euler',
  tableau: { c: [1], a: [[1]], b: [1] },
  order: 1,
  description: 'implicit (backward) Euler with simplified Newton, fixed step, L-stable',
});
