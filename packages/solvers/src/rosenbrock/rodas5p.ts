import { Rodas } from './rodas.js';
import { RODAS5P_TABLEAU } from './rodas5p-tableau.js';

/**
 * The `rodas5p` method: Steinebach's Rodas5P, order 5(4), stiffly accurate, with its own order-4 dense output
 * (see {@link RODAS5P_TABLEAU}); for stiff problems at moderate to tight tolerances.
 */
export const rodas5p = new Rodas({
  name: 'rodas5p',
  tableau: RODAS5P_TABLEAU,
  order: 5,
  errorOrder: 4,
  interpolantOrder: 4,
  description: 'Rodas5P, Rosenbrock 5(4), stiffly accurate, for stiff problems at moderate to tight tolerances',
});
