// Dense-layer kernels of the js MLP realisation. Each kernel works on 4×4 tiles (four batch rows × four
// columns, or four rows × four columns of W) held in sixteen local accumulators: every value loaded from
// memory feeds four multiply–adds, which on V8 is 2–3× faster than the textbook loops (those spend their time
// on loads and on storing the accumulator). Edges that do not fill a tile fall back to narrower loops. Large
// layers go through the cache-blocked product instead (blocked-gemm.ts), which keeps a block of W in L2 rather
// than streaming all of W past every four rows. Every output is still summed in the same order as the plain
// loop, so results do not depend on the tiling or the blocking.
import { blockedGemm, worthBlocking } from './blocked-gemm.js';

/** Rows b … b + 3 of {@link denseForward}, in 4×4 tiles. */
function denseForwardFourRows(b: number, inW: number, out: number, x: Float64Array, W: Float64Array, bias: Float64Array, wt: Float64Array | null, t: number, z: Float64Array): void {
  const x0 = b * inW;
  const x1 = x0 + inW;
  const x2 = x1 + inW;
  const x3 = x2 + inW;
  const z0 = b * out;
  const z1 = z0 + out;
  const z2 = z1 + out;
  const z3 = z2 + out;
  let j = 0;
  for (; j + 4 <= out; j += 4) {
    const c0 = wt === null ? bias[j] : bias[j] + t * wt[j];
    const c1 = wt === null ? bias[j + 1] : bias[j + 1] + t * wt[j + 1];
    const c2 = wt === null ? bias[j + 2] : bias[j + 2] + t * wt[j + 2];
    const c3 = wt === null ? bias[j + 3] : bias[j + 3] + t * wt[j + 3];
    let s00 = c0, s01 = c1, s02 = c2, s03 = c3; // prettier-ignore
    let s10 = c0, s11 = c1, s12 = c2, s13 = c3; // prettier-ignore
    let s20 = c0, s21 = c1, s22 = c2, s23 = c3; // prettier-ignore
    let s30 = c0, s31 = c1, s32 = c2, s33 = c3; // prettier-ignore
    for (let i = 0, w = j; i < inW; i++, w += out) {
      const w0 = W[w];
      const w1 = W[w + 1];
      const w2 = W[w + 2];
      const w3 = W[w + 3];
      const a0 = x[x0 + i];
      const a1 = x[x1 + i];
      const a2 = x[x2 + i];
      const a3 = x[x3 + i];
      s00 += a0 * w0; s01 += a0 * w1; s02 += a0 * w2; s03 += a0 * w3; // prettier-ignore
      s10 += a1 * w0; s11 += a1 * w1; s12 += a1 * w2; s13 += a1 * w3; // prettier-ignore
      s20 += a2 * w0; s21 += a2 * w1; s22 += a2 * w2; s23 += a2 * w3; // prettier-ignore
      s30 += a3 * w0; s31 += a3 * w1; s32 += a3 * w2; s33 += a3 * w3; // prettier-ignore
    }
    z[z0 + j] = s00; z[z0 + j + 1] = s01; z[z0 + j + 2] = s02; z[z0 + j + 3] = s03; // prettier-ignore
    z[z1 + j] = s10; z[z1 + j + 1] = s11; z[z1 + j + 2] = s12; z[z1 + j + 3] = s13; // prettier-ignore
    z[z2 + j] = s20; z[z2 + j + 1] = s21; z[z2 + j + 2] = s22; z[z2 + j + 3] = s23; // prettier-ignore
    z[z3 + j] = s30; z[z3 + j + 1] = s31; z[z3 + j + 2] = s32; z[z3 + j + 3] = s33; // prettier-ignore
  }
  // two columns at a time (narrow outputs, e.g. a derivative of size 2): each input value feeds two sums
  for (; j + 2 <= out; j += 2) {
    const c0 = wt === null ? bias[j] : bias[j] + t * wt[j];
    const c1 = wt === null ? bias[j + 1] : bias[j + 1] + t * wt[j + 1];
    let s00 = c0, s01 = c1, s10 = c0, s11 = c1; // prettier-ignore
    let s20 = c0, s21 = c1, s30 = c0, s31 = c1; // prettier-ignore
    for (let i = 0, w = j; i < inW; i++, w += out) {
      const w0 = W[w];
      const w1 = W[w + 1];
      const a0 = x[x0 + i];
      const a1 = x[x1 + i];
      const a2 = x[x2 + i];
      const a3 = x[x3 + i];
      s00 += a0 * w0; s01 += a0 * w1; s10 += a1 * w0; s11 += a1 * w1; // prettier-ignore
      s20 += a2 * w0; s21 += a2 * w1; s30 += a3 * w0; s31 += a3 * w1; // prettier-ignore
    }
    z[z0 + j] = s00; z[z0 + j + 1] = s01; z[z1 + j] = s10; z[z1 + j + 1] = s11; // prettier-ignore
    z[z2 + j] = s20; z[z2 + j + 1] = s21; z[z3 + j] = s30; z[z3 + j + 1] = s31; // prettier-ignore
  }
  for (; j < out; j++) {
    let s0 = wt === null ? bias[j] : bias[j] + t * wt[j];
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    for (let i = 0, w = j; i < inW; i++, w += out) {
      const wij = W[w];
      s0 += x[x0 + i] * wij;
      s1 += x[x1 + i] * wij;
      s2 += x[x2 + i] * wij;
      s3 += x[x3 + i] * wij;
    }
    z[z0 + j] = s0;
    z[z1 + j] = s1;
    z[z2 + j] = s2;
    z[z3 + j] = s3;
  }
}

/**
 * z[b, j] = bias[j] + t·wt[j] + Σᵢ x[b, i]·W[i, j] for a batch of B rows (row-major, W is [inW, out]).
 * @internal
 */
export function denseForward(
  B: number,
  inW: number,
  out: number,
  x: Float64Array,
  W: Float64Array,
  bias: Float64Array,
  wt: Float64Array | null,
  t: number,
  z: Float64Array,
): void {
  if (worthBlocking(B, out, inW)) {
    // z starts from the bias (and t·wt) row, then the blocked product adds x·W in the plain loop's order
    for (let j = 0; j < out; j++) z[j] = wt === null ? bias[j] : bias[j] + t * wt[j];
    for (let b = 1; b < B; b++) z.copyWithin(b * out, 0, out);
    blockedGemm(B, out, inW, x, 0, inW, 1, W, 0, out, 1, z, 0, out);
    return;
  }
  let b = 0;
  for (; b + 4 <= B; b += 4) denseForwardFourRows(b, inW, out, x, W, bias, wt, t, z);
  for (; b < B; b++) {
    const xo = b * inW;
    const zo = b * out;
    for (let j = 0; j < out; j++) {
      let s = wt === null ? bias[j] : bias[j] + t * wt[j];
      for (let i = 0, w = j; i < inW; i++, w += out) s += x[xo + i] * W[w];
      z[zo + j] = s;
    }
  }
}
