import { OdeflowError } from '@odeflow/core';
import { SOLVE_LIMITS } from './solve-limits.js';

/**
 * The step ends of a fixed-step solve, from ts[0] (`at(0)`) to the last output time (`at(length − 1)`),
 * computed on demand: a `stepSize` grid is t0 + i·h and holds no array, so its size costs nothing until
 * it is stepped. `stepT`/`jumpT` points are merged in by the {@link Breakpoints}, not here.
 */
export interface FixedGrid {
  /** Number of points, ts[0] included (the steps are one fewer, before `stepT`/`jumpT` points). */
  readonly length: number;
  /** The i-th point, 0 ≤ i < length. */
  at(i: number): number;
}

function invalid(msg: string, details?: Record<string, unknown>): never {
  throw new OdeflowError('INVALID_ARGUMENT', msg, details);
}

function arrayGrid(grid: readonly number[], t0: number, tEnd: number, direction: 1 | -1): FixedGrid {
  for (let i = 1; i < grid.length; i++) {
    if (direction * (grid[i] - grid[i - 1]) <= 0) invalid('Option grid must be strictly monotone in the direction of ts.', { option: 'grid' });
  }
  if (grid[0] !== t0 || direction * (grid[grid.length - 1] - tEnd) < 0) {
    invalid(`Option grid must start at ts[0] = ${t0} and reach the last output time ${tEnd}.`, { option: 'grid' });
  }
  const g = grid.filter((x) => direction * (x - tEnd) <= 0);
  if (g[g.length - 1] !== tEnd) g.push(tEnd);
  return { length: g.length, at: (i) => g[i] };
}

/**
 * The grid of a fixed-step solve: the user's `grid`, t0 + i·`stepSize`, or else the output times. Its
 * step count is checked against `maxSteps` before the solve starts.
 *
 * @throws OdeflowError INVALID_ARGUMENT for a grid that is not monotone or does not span ts;
 *   MAX_STEPS_EXCEEDED when the grid has more steps than `maxSteps` (naming stepSize and maxSteps)
 */
export function fixedGrid(ts: readonly number[], direction: 1 | -1, stepSize: number | undefined, grid: readonly number[] | undefined, maxSteps: number): FixedGrid {
  const t0 = ts[0];
  const tEnd = ts[ts.length - 1];
  let g: FixedGrid;
  if (grid) {
    g = arrayGrid(grid, t0, tEnd, direction);
  } else if (stepSize !== undefined) {
    const n = Math.max(1, Math.ceil(Math.abs(tEnd - t0) / stepSize - 1e-9));
    g = { length: n + 1, at: (i) => (i < n ? t0 + direction * i * stepSize : tEnd) };
  } else {
    g = { length: ts.length, at: (i) => ts[i] };
  }
  const steps = g.length - 1;
  if (steps > maxSteps) {
    const what = grid ? `Option grid has ${steps} steps` : stepSize !== undefined ? `Option stepSize = ${stepSize} needs ${steps} steps from ${t0} to ${tEnd}` : `The ${steps} output intervals`;
    throw new OdeflowError(
      'MAX_STEPS_EXCEEDED',
      `${what}, more than maxSteps = ${maxSteps}. Use a larger stepSize, or raise maxSteps (at most ${SOLVE_LIMITS.maxSteps}).`,
      { option: grid ? 'grid' : 'stepSize', stepSize, maxSteps, steps },
    );
  }
  return g;
}
