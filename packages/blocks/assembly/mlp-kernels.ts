// Kernels of odeflow's fused MLP blocks (js backend's default realisation, wasm backend's fused kernels; AssemblyScript, compiled by
// scripts/build-kernels.mjs with --runtime stub: no GC, no allocation; JS owns the memory layout).
// Every array is float64 in this module's linear memory and every pointer is a byte offset; matrices are
// row-major with B batch rows. The definitions match src/js-mlp-dynamics.ts (the `js`
// realisation), and dense sums run in the same order as its kernels: bias (+ t·tw) first, then the inputs in
// index order. SIMD (f64x2) vectorises across output columns only and the products of the cache-blocked
// matrix product (gemm.ts) reach each sum in index order, so no sum is reordered by either.
//
// The module is split by concern: tanh.ts (the tanh port), gemm.ts (the blocked matrix product), dense.ts
// and dense-backward.ts (the layers),
// activations.ts (activate / activateBackward by activation code), power.ts (the input transform). This file
// is the entry asc compiles; its exports are the module's.

export { tanh } from './tanh';
export { dense, transpose, sumProduct } from './dense';
export { denseBackwardInput, denseBackwardParams } from './dense-backward';
export { activate, activateBackward } from './activations';
export { power, powerBackward } from './power';

/** First byte of linear memory that JS may use (16-aligned, after this module's static data). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}
