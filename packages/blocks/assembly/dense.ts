// Dense layers (see mlp-kernels.ts for the conventions).

import { gemm } from './gemm';

/** z[B, nout] = x[B, nin]·W[nin, nout] + b[nout] (+ t·tw[nout] when tw ≠ 0): each row starts at b + t·tw. */
export function dense(x: usize, B: i32, nin: i32, W: usize, nout: i32, b: usize, tw: usize, t: f64, z: usize): void {
  const rowOut = <usize>nout << 3;
  gemm(B, nout, nin, x, <usize>nin << 3, 8, W, rowOut, 8, z, rowOut, b, tw, t);
}

/**
 * dst[cols, rows] = src[rows, cols]ᵀ. With Wᵀ, the input cotangent g·Wᵀ is `dense(g, B, nout, Wᵀ, nin, 0⃗, …)`:
 * contiguous, SIMD across inputs, and the same sums in the same order as {@link denseBackwardInput}.
 */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  // 16 × 16 tiles: both the rows read and the rows written stay in cache (a wide matrix's columns would not)
  for (let r0 = 0; r0 < rows; r0 += 16) {
    const r1 = min(rows, r0 + 16);
    for (let c0 = 0; c0 < cols; c0 += 16) {
      const c1 = min(cols, c0 + 16);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) {
          store<f64>(dst + ((<usize>c * rows + r) << 3), load<f64>(src + ((<usize>r * cols + c) << 3)));
        }
      }
    }
  }
}

/** Σ_j (Σ_b g[b, j])·tw[j]: the time cotangent of a layer whose input has a time weight row tw. */
export function sumProduct(g: usize, tw: usize, B: i32, n: i32): f64 {
  const row = <usize>n << 3;
  let gt = 0.0;
  for (let j = 0; j < n; j++) {
    const jo = <usize>j << 3;
    let s = 0.0;
    let o = g + jo;
    for (let r = 0; r < B; r++, o += row) s += load<f64>(o);
    gt += s * load<f64>(tw + jo);
  }
  return gt;
}
