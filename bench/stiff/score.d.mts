// Types of score.mjs, for TypeScript tests that score against the benchmark references.

export function correctDigits(y: ArrayLike<number>, ref: ArrayLike<number>, rtol: number, atol: number): number;
export function digitsTarget(problem: { name: string }, rtol: number): number;
export function median(xs: number[]): number;
