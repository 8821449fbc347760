// Backward passes of the dense layers (see mlp-kernels.ts for the conventions).
import { gemm } from './gemm';

/** gx[B, nin] = g[B, nout]·Wᵀ (overwrites gx). Each sum runs over j in index order. */
export function denseBackwardInput(g: usize, B: i32, nout: i32, W: usize, nin: i32, gx: usize): void {
  const rowOut = <usize>nout << 3;
  const rowIn = <usize>nin << 3;
  // B[k = j, n = i] = W[i, j]: Wᵀ read through its strides
  gemm(B, nin, nout, g, rowOut, 8, W, 8, rowOut, gx, rowIn, 0, 0, 0);
}

/** gb[nout] = Σ_rows g: row by row (contiguous), so each column still sums its rows in order. */
// @ts-ignore: decorator
@inline
function biasSums(g: usize, B: i32, gb: usize, rowOut: usize): void {
  const end = rowOut;
  const vecEnd = end & ~(<usize>15);
  for (let jo: usize = 0; jo < vecEnd; jo += 16) v128.store(gb + jo, f64x2.splat(0));
  if (vecEnd < end) store<f64>(gb + vecEnd, 0.0);
  let o = g;
  for (let r = 0; r < B; r++, o += rowOut) {
    for (let jo: usize = 0; jo < vecEnd; jo += 16) v128.store(gb + jo, f64x2.add(v128.load(gb + jo), v128.load(o + jo)));
    if (vecEnd < end) store<f64>(gb + vecEnd, load<f64>(gb + vecEnd) + load<f64>(o + vecEnd));
  }
}

/**
 * gW[nin, nout] = xᵀ·g and gb[nout] = Σ_rows g (overwrites both). Sums run over rows in order. xᵀ is read
 * through its strides and packed with g into contiguous panels (see gemm.ts).
 */
export function denseBackwardParams(x: usize, g: usize, B: i32, nin: i32, nout: i32, gW: usize, gb: usize): void {
  const rowOut = <usize>nout << 3;
  const rowIn = <usize>nin << 3;
  biasSums(g, B, gb, rowOut);
  gemm(nin, nout, B, x, 8, rowIn, g, rowOut, 8, gW, rowOut, 0, 0, 0);
}
