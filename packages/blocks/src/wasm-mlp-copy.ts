/** What states, cotangents, parameters and results cross as: float32 (tfjs's heap) or float64 (the js backend). */
export type WasmMlpArray = Float32Array | Float64Array;

// Plain loops rather than set(subarray(...)): these run several times per call on small arrays, where
// creating a subarray view costs more than the copy. One loop per element type keeps each monomorphic.

function copyOut32(f: Float64Array, o: number, target: Float32Array, accumulate: boolean): void {
  const n = target.length;
  if (accumulate) for (let i = 0; i < n; i++) target[i] += f[o + i];
  else for (let i = 0; i < n; i++) target[i] = f[o + i];
}

function copyOut64(f: Float64Array, o: number, target: Float64Array, accumulate: boolean): void {
  const n = target.length;
  if (accumulate) for (let i = 0; i < n; i++) target[i] += f[o + i];
  else for (let i = 0; i < n; i++) target[i] = f[o + i];
}

/**
 * target ← (or +=, when accumulating) the float64 values at byte offset `ptr`, as many as target holds;
 * rounded once when target is float32.
 * @internal
 */
export function copyOut(f: Float64Array, ptr: number, target: WasmMlpArray, accumulate = false): void {
  if (target instanceof Float64Array) copyOut64(f, ptr >> 3, target, accumulate);
  else copyOut32(f, ptr >> 3, target, accumulate);
}

function copyIn32(source: Float32Array, f: Float64Array, o: number): void {
  const n = source.length;
  for (let i = 0; i < n; i++) f[o + i] = source[i];
}

function copyIn64(source: Float64Array, f: Float64Array, o: number): void {
  const n = source.length;
  for (let i = 0; i < n; i++) f[o + i] = source[i];
}

/**
 * The float64 values at byte offset `ptr` ← source (exact for either type).
 * @internal
 */
export function copyIn(source: WasmMlpArray, f: Float64Array, ptr: number): void {
  if (source instanceof Float64Array) copyIn64(source, f, ptr >> 3);
  else copyIn32(source, f, ptr >> 3);
}
