/**
 * A function that copies a state into one reused buffer and returns the buffer: what user callbacks
 * (f, events, norms, Jacobians) get instead of the solver's own arrays, so a callback that writes into its
 * argument cannot change the solution. One copy per call, no allocation after the first.
 * @internal
 */
export function scratchCopy(): (src: Float64Array) => Float64Array {
  let scratch = new Float64Array(0);
  return (src) => {
    if (scratch.length !== src.length) scratch = new Float64Array(src.length);
    scratch.set(src);
    return scratch;
  };
}
