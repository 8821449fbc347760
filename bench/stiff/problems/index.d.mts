// Types of index.mjs, for TypeScript tests that reuse the benchmark problems.

/** One stiff benchmark problem. */
export interface StiffProblem {
  name: string;
  n: number;
  y0: number[];
  t0: number;
  t1: number;
  fInto(t: number, y: ArrayLike<number>, out: number[] | Float64Array): void;
  jacobianInto(t: number, y: ArrayLike<number>, out: Float64Array): void;
  atol(rtol: number): number;
  atolNote: string;
  ref: number[] | null;
  refSource: string;
}

export const PROBLEMS: StiffProblem[];
export function plainF(p: StiffProblem): (t: number, y: Float64Array) => number[];
export function plainJacobian(p: StiffProblem): (t: number, y: Float64Array) => Float64Array;
