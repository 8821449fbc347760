/**
 * A function that copies a state into one reused buffer and returns the buffer: what user callbacks
 * (f, events, norms, Jacobians) get instead of the solver's own arrays, so a callback that writes into its
 * argument cannot change the solution. One copy per call, no allocation after the first (none at all when
 * the state size `n` is known up front).
 * @internal
 */
export function scratchCopy(n?: number): (src: Float64Array) => Float64Array {
  let scratch = new Float64Array(n ?? 0);
  return (src) => {
    const m = src.length;
    if (scratch.length !== m) scratch = new Float64Array(m);
    // a loop beats TypedArray.set on the small states of hand-written right-hand sides
    if (m > 64) scratch.set(src);
    else for (let i = 0; i < m; i++) scratch[i] = src[i];
    return scratch;
  };
}

/**
 * Copy `src` into `dst` (of the same length) and return `dst`: the per-call copy of a state whose size is
 * known up front (a plain loop: on the small states of hand-written right-hand sides it beats `set`).
 * @internal
 */
export function copyInto(dst: Float64Array, src: Float64Array): Float64Array {
  const n = dst.length;
  if (n > 64) dst.set(src);
  else for (let i = 0; i < n; i++) dst[i] = src[i];
  return dst;
}
