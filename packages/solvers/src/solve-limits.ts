/**
 * The largest sizes one solve accepts. Each is checked before anything of that size is allocated, and
 * exceeding one is an INVALID_ARGUMENT error naming the option and the limit (a fixed grid longer than
 * `maxSteps` is MAX_STEPS_EXCEEDED, raised before the first step).
 */
export const SOLVE_LIMITS = Object.freeze({
  /** Largest `maxSteps`. */
  maxSteps: 1e9,
  /** Most output times in `ts`. */
  outputTimes: 1e7,
  /** Most state components (the length of y0). */
  stateSize: 1e7,
  /** Most numbers the outputs may hold together: `ts.length` × state size (8 bytes each on `js`). */
  outputValues: 1e8,
  /** Most points of `stepT`, `jumpT` or `grid`. */
  timePoints: 1e7,
});
