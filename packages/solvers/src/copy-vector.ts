/**
 * dst ← src over dst's length: a plain loop on small vectors, where it is several times faster than
 * `TypedArray.prototype.set` (a runtime call of ~100 ns whatever the size), and `set` on large ones.
 * For the per-stage copies of implicit steppers on small stiff systems.
 * @internal
 */
export function copyVector(dst: Float64Array, src: Float64Array): void {
  const n = dst.length;
  if (n > 64) {
    dst.set(src.length === n ? src : src.subarray(0, n));
    return;
  }
  for (let i = 0; i < n; i++) dst[i] = src[i];
}
