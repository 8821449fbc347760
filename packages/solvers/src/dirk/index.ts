export { DiagonallyImplicitRungeKutta, type DiagonallyImplicitRungeKuttaInit } from './diagonally-implicit-runge-kutta.js';
export { implicitEuler } from './implicit-euler.js';
export { KVAERNO5_PREDICTOR, KVAERNO5_TABLEAU } from './kvaerno5-tableau.js';
export { kvaerno5 } from './kvaerno5.js';
export { newtonSettings, type NewtonOptions, type NewtonSettings } from './newton-options.js';
export { trapezoid } from './trapezoid.js';
