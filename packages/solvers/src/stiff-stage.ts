import type { ButcherTableau } from './butcher-tableau.js';

/**
 * The stage Hairer's stiffness test compares with f(t₁, y₁): in an FSAL tableau whose second-to-last stage
 * also sits at c = 1 (dopri5, tsit5), that stage is the last one computed before y₁, so its point is still
 * in the stepper's stage buffer when the step is accepted. −1 for every other tableau.
 */
export function stiffStage(tab: Pick<ButcherTableau, 'fsal' | 'stages' | 'c'>): number {
  const s = tab.stages;
  return tab.fsal && s >= 3 && tab.c[s - 2] === 1 ? s - 2 : -1;
}
