import type { IntegrateOptions } from '@odeflow/solvers';

/**
 * The forward options that still make sense on the backward interval from → to: events, dense output and
 * the first step belong to the forward solve; step and jump points and a grid are cut to the interval.
 */
export function backwardIntervalOptions<T>(forward: IntegrateOptions<T>, from: number, to: number): IntegrateOptions<T> {
  const { events: _e, dense: _d, firstStep: _f, grid, stepT, jumpT, norm: _n, ...rest } = forward;
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const inside = (xs: readonly number[]) => xs.filter((x) => x > lo && x < hi).sort((x, y) => (from > to ? y - x : x - y));
  const out: IntegrateOptions<T> = { ...rest };
  if (stepT) out.stepT = inside(stepT);
  if (jumpT) out.jumpT = inside(jumpT);
  if (grid) out.grid = [from, ...inside(grid), to];
  return out;
}
