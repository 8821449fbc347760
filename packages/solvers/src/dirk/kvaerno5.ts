import { DiagonallyImplicitRungeKutta } from './diagonally-implicit-runge-kutta.js';
import { KVAERNO5_PREDICTOR, KVAERNO5_TABLEAU } from './kvaerno5-tableau.js';

/** Kværnø's ESDIRK 5(4): 7 stages (6 implicit, γ = 0.26), L-stable, stiffly accurate, adaptive; cubic Hermite dense output. */
export const kvaerno5 = new DiagonallyImplicitRungeKutta({
  name: 'kvaerno5',
  tableau: KVAERNO5_TABLEAU,
  order: 5,
  errorOrder: 4,
  predictor: KVAERNO5_PREDICTOR,
  description: "Kværnø's L-stable ESDIRK 5(4), implicit (simplified Newton), for stiff problems at tight tolerances",
});
