import type { ButcherTableau } from './butcher-tableau.js';

/**
 * The stage Hairer's stiffness test compares with the last stage, both evaluated at t₁: in an FSAL tableau
 * whose second-to-last stage also sits at c = 1 (dopri5, tsit5), that stage is the last one computed before
 * y₁ and the last stage is f(t₁, y₁); in a tableau whose last two stages both sit at c = 1 (Verner's pairs),
 * it is the second-to-last one, whose point the stepper then keeps. −1 for every other tableau.
 */
export function stiffStage(tab: Pick<ButcherTableau, 'fsal' | 'stages' | 'c'>): number {
  const s = tab.stages;
  return s >= 3 && tab.c[s - 2] === 1 && (tab.fsal || tab.c[s - 1] === 1) ? s - 2 : -1;
}
