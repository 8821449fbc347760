import { justBefore } from '@odeflow/solvers';

/**
 * Where the integration loop evaluated a stage with c = 1 of the step t0 → t0 + dt: at the end of the step, or,
 * when the step lands on a discontinuity (jumpT), at the last float before it — on the side of the jump the
 * step integrated.
 */
export function lastStageTime(t0: number, dt: number, jumps: readonly number[]): number {
  const t1 = t0 + dt;
  for (const j of jumps) {
    if (Math.abs(j - t1) <= 4 * Number.EPSILON * Math.max(1, Math.abs(j))) return justBefore(j, dt > 0 ? 1 : -1);
  }
  return t1;
}
