// Backward kernels of the dense layers of the js MLP realisation, tiled like denseForward (see dense-forward.ts),
// and through the cache-blocked product for large layers (blocked-gemm.ts: its packing makes the weight
// gradient's walk over the batch contiguous instead of striding by a row per step). Every output is summed in
// the plain loop's order, so results do not depend on the tiling or the blocking.
import { blockedGemm, worthBlocking } from './blocked-gemm.js';

/**
 * g[b, i] = Σⱼ W[i, j]·d[b, j]: the cotangent of a dense layer's input.
 * @internal
 */
export function denseBackwardInput(B: number, inW: number, out: number, d: Float64Array, W: Float64Array, g: Float64Array): void {
  if (worthBlocking(B, inW, out)) {
    // g = d·Wᵀ: Wᵀ is W read with its strides swapped
    g.fill(0, 0, B * inW);
    blockedGemm(B, inW, out, d, 0, out, 1, W, 0, 1, out, g, 0, inW);
    return;
  }
  let b = 0;
  for (; b + 4 <= B; b += 4) {
    const d0 = b * out;
    const d1 = d0 + out;
    const d2 = d1 + out;
    const d3 = d2 + out;
    const g0 = b * inW;
    const g1 = g0 + inW;
    const g2 = g1 + inW;
    const g3 = g2 + inW;
    let i = 0;
    for (; i + 4 <= inW; i += 4) {
      const w0 = i * out;
      const w1 = w0 + out;
      const w2 = w1 + out;
      const w3 = w2 + out;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0; // prettier-ignore
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0; // prettier-ignore
      let s30 = 0, s31 = 0, s32 = 0, s33 = 0; // prettier-ignore
      for (let j = 0; j < out; j++) {
        const v0 = W[w0 + j];
        const v1 = W[w1 + j];
        const v2 = W[w2 + j];
        const v3 = W[w3 + j];
        const e0 = d[d0 + j];
        const e1 = d[d1 + j];
        const e2 = d[d2 + j];
        const e3 = d[d3 + j];
        s00 += v0 * e0; s01 += v1 * e0; s02 += v2 * e0; s03 += v3 * e0; // prettier-ignore
        s10 += v0 * e1; s11 += v1 * e1; s12 += v2 * e1; s13 += v3 * e1; // prettier-ignore
        s20 += v0 * e2; s21 += v1 * e2; s22 += v2 * e2; s23 += v3 * e2; // prettier-ignore
        s30 += v0 * e3; s31 += v1 * e3; s32 += v2 * e3; s33 += v3 * e3; // prettier-ignore
      }
      g[g0 + i] = s00; g[g0 + i + 1] = s01; g[g0 + i + 2] = s02; g[g0 + i + 3] = s03; // prettier-ignore
      g[g1 + i] = s10; g[g1 + i + 1] = s11; g[g1 + i + 2] = s12; g[g1 + i + 3] = s13; // prettier-ignore
      g[g2 + i] = s20; g[g2 + i + 1] = s21; g[g2 + i + 2] = s22; g[g2 + i + 3] = s23; // prettier-ignore
      g[g3 + i] = s30; g[g3 + i + 1] = s31; g[g3 + i + 2] = s32; g[g3 + i + 3] = s33; // prettier-ignore
    }
    for (; i < inW; i++) {
      const wo = i * out;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < out; j++) {
        const wij = W[wo + j];
        s0 += wij * d[d0 + j];
        s1 += wij * d[d1 + j];
        s2 += wij * d[d2 + j];
        s3 += wij * d[d3 + j];
      }
      g[g0 + i] = s0;
      g[g1 + i] = s1;
      g[g2 + i] = s2;
      g[g3 + i] = s3;
    }
  }
  for (; b < B; b++) {
    const dOff = b * out;
    const go = b * inW;
    for (let i = 0; i < inW; i++) {
      const wo = i * out;
      let s = 0;
      for (let j = 0; j < out; j++) s += W[wo + j] * d[dOff + j];
      g[go + i] = s;
    }
  }
}

/** gb[j] (+)= Σ_b d[b, j]; four columns at a time: each row of d is read contiguously, not down one column per sum. */
function biasSums(B: number, out: number, d: Float64Array, gb: Float64Array, accumulate: boolean): void {
  let jb = 0;
  for (; jb + 4 <= out; jb += 4) {
    let s0 = accumulate ? gb[jb] : 0;
    let s1 = accumulate ? gb[jb + 1] : 0;
    let s2 = accumulate ? gb[jb + 2] : 0;
    let s3 = accumulate ? gb[jb + 3] : 0;
    for (let b = 0, o = jb; b < B; b++, o += out) {
      s0 += d[o];
      s1 += d[o + 1];
      s2 += d[o + 2];
      s3 += d[o + 3];
    }
    gb[jb] = s0;
    gb[jb + 1] = s1;
    gb[jb + 2] = s2;
    gb[jb + 3] = s3;
  }
  for (; jb < out; jb++) {
    let s = accumulate ? gb[jb] : 0;
    for (let b = 0, o = jb; b < B; b++, o += out) s += d[o];
    gb[jb] = s;
  }
}

/** Rows i … i + 3 of gW. */
function weightRowsFour(i: number, B: number, inW: number, out: number, x: Float64Array, d: Float64Array, gW: Float64Array, accumulate: boolean): void {
  const r0 = i * out;
  const r1 = r0 + out;
  const r2 = r1 + out;
  const r3 = r2 + out;
  let j = 0;
  for (; j + 4 <= out; j += 4) {
    let s00 = 0, s01 = 0, s02 = 0, s03 = 0; // prettier-ignore
    let s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
    let s20 = 0, s21 = 0, s22 = 0, s23 = 0; // prettier-ignore
    let s30 = 0, s31 = 0, s32 = 0, s33 = 0; // prettier-ignore
    if (accumulate) {
      s00 = gW[r0 + j]; s01 = gW[r0 + j + 1]; s02 = gW[r0 + j + 2]; s03 = gW[r0 + j + 3]; // prettier-ignore
      s10 = gW[r1 + j]; s11 = gW[r1 + j + 1]; s12 = gW[r1 + j + 2]; s13 = gW[r1 + j + 3]; // prettier-ignore
      s20 = gW[r2 + j]; s21 = gW[r2 + j + 1]; s22 = gW[r2 + j + 2]; s23 = gW[r2 + j + 3]; // prettier-ignore
      s30 = gW[r3 + j]; s31 = gW[r3 + j + 1]; s32 = gW[r3 + j + 2]; s33 = gW[r3 + j + 3]; // prettier-ignore
    }
    for (let b = 0, xo = i, o = j; b < B; b++, xo += inW, o += out) {
      const a0 = x[xo];
      const a1 = x[xo + 1];
      const a2 = x[xo + 2];
      const a3 = x[xo + 3];
      const e0 = d[o];
      const e1 = d[o + 1];
      const e2 = d[o + 2];
      const e3 = d[o + 3];
      s00 += a0 * e0; s01 += a0 * e1; s02 += a0 * e2; s03 += a0 * e3; // prettier-ignore
      s10 += a1 * e0; s11 += a1 * e1; s12 += a1 * e2; s13 += a1 * e3; // prettier-ignore
      s20 += a2 * e0; s21 += a2 * e1; s22 += a2 * e2; s23 += a2 * e3; // prettier-ignore
      s30 += a3 * e0; s31 += a3 * e1; s32 += a3 * e2; s33 += a3 * e3; // prettier-ignore
    }
    gW[r0 + j] = s00; gW[r0 + j + 1] = s01; gW[r0 + j + 2] = s02; gW[r0 + j + 3] = s03; // prettier-ignore
    gW[r1 + j] = s10; gW[r1 + j + 1] = s11; gW[r1 + j + 2] = s12; gW[r1 + j + 3] = s13; // prettier-ignore
    gW[r2 + j] = s20; gW[r2 + j + 1] = s21; gW[r2 + j + 2] = s22; gW[r2 + j + 3] = s23; // prettier-ignore
    gW[r3 + j] = s30; gW[r3 + j + 1] = s31; gW[r3 + j + 2] = s32; gW[r3 + j + 3] = s33; // prettier-ignore
  }
  for (; j < out; j++) {
    let s0 = accumulate ? gW[r0 + j] : 0;
    let s1 = accumulate ? gW[r1 + j] : 0;
    let s2 = accumulate ? gW[r2 + j] : 0;
    let s3 = accumulate ? gW[r3 + j] : 0;
    for (let b = 0, xo = i, o = j; b < B; b++, xo += inW, o += out) {
      const e = d[o];
      s0 += x[xo] * e;
      s1 += x[xo + 1] * e;
      s2 += x[xo + 2] * e;
      s3 += x[xo + 3] * e;
    }
    gW[r0 + j] = s0;
    gW[r1 + j] = s1;
    gW[r2 + j] = s2;
    gW[r3 + j] = s3;
  }
}

/** Rows i and i + 1 of gW (narrow inputs, e.g. a state of size 2): each value of d feeds two sums. */
function weightRowsTwo(i: number, B: number, inW: number, out: number, x: Float64Array, d: Float64Array, gW: Float64Array, accumulate: boolean): void {
  const r0 = i * out;
  const r1 = r0 + out;
  let j = 0;
  for (; j + 4 <= out; j += 4) {
    let s00 = 0, s01 = 0, s02 = 0, s03 = 0; // prettier-ignore
    let s10 = 0, s11 = 0, s12 = 0, s13 = 0; // prettier-ignore
    if (accumulate) {
      s00 = gW[r0 + j]; s01 = gW[r0 + j + 1]; s02 = gW[r0 + j + 2]; s03 = gW[r0 + j + 3]; // prettier-ignore
      s10 = gW[r1 + j]; s11 = gW[r1 + j + 1]; s12 = gW[r1 + j + 2]; s13 = gW[r1 + j + 3]; // prettier-ignore
    }
    for (let b = 0, xo = i, o = j; b < B; b++, xo += inW, o += out) {
      const a0 = x[xo];
      const a1 = x[xo + 1];
      const e0 = d[o];
      const e1 = d[o + 1];
      const e2 = d[o + 2];
      const e3 = d[o + 3];
      s00 += a0 * e0; s01 += a0 * e1; s02 += a0 * e2; s03 += a0 * e3; // prettier-ignore
      s10 += a1 * e0; s11 += a1 * e1; s12 += a1 * e2; s13 += a1 * e3; // prettier-ignore
    }
    gW[r0 + j] = s00; gW[r0 + j + 1] = s01; gW[r0 + j + 2] = s02; gW[r0 + j + 3] = s03; // prettier-ignore
    gW[r1 + j] = s10; gW[r1 + j + 1] = s11; gW[r1 + j + 2] = s12; gW[r1 + j + 3] = s13; // prettier-ignore
  }
  for (; j < out; j++) {
    let s0 = accumulate ? gW[r0 + j] : 0;
    let s1 = accumulate ? gW[r1 + j] : 0;
    for (let b = 0, xo = i, o = j; b < B; b++, xo += inW, o += out) {
      const e = d[o];
      s0 += x[xo] * e;
      s1 += x[xo + 1] * e;
    }
    gW[r0 + j] = s0;
    gW[r1 + j] = s1;
  }
}

/** Row i of gW. */
function weightRow(i: number, B: number, inW: number, out: number, x: Float64Array, d: Float64Array, gW: Float64Array, accumulate: boolean): void {
  const wo = i * out;
  let j = 0;
  for (; j + 4 <= out; j += 4) {
    let s0 = accumulate ? gW[wo + j] : 0;
    let s1 = accumulate ? gW[wo + j + 1] : 0;
    let s2 = accumulate ? gW[wo + j + 2] : 0;
    let s3 = accumulate ? gW[wo + j + 3] : 0;
    for (let b = 0, xo = i, o = j; b < B; b++, xo += inW, o += out) {
      const xb = x[xo];
      s0 += xb * d[o];
      s1 += xb * d[o + 1];
      s2 += xb * d[o + 2];
      s3 += xb * d[o + 3];
    }
    gW[wo + j] = s0;
    gW[wo + j + 1] = s1;
    gW[wo + j + 2] = s2;
    gW[wo + j + 3] = s3;
  }
  for (; j < out; j++) {
    let s = accumulate ? gW[wo + j] : 0;
    for (let b = 0, xo = i, o = j; b < B; b++, xo += inW, o += out) s += x[xo] * d[o];
    gW[wo + j] = s;
  }
}

/**
 * gW[i, j] = Σ_b x[b, i]·d[b, j] and gb[j] = Σ_b d[b, j], written over gW and gb, or added to them when
 * `accumulate` is set (then the sums start from the current values).
 * @internal
 */
export function denseBackwardWeights(
  B: number,
  inW: number,
  out: number,
  x: Float64Array,
  d: Float64Array,
  gW: Float64Array,
  gb: Float64Array,
  accumulate: boolean,
): void {
  biasSums(B, out, d, gb, accumulate);
  if (worthBlocking(inW, out, B)) {
    // gW (+)= xᵀ·d over the batch
    if (!accumulate) gW.fill(0, 0, inW * out);
    blockedGemm(inW, out, B, x, 0, 1, inW, d, 0, out, 1, gW, 0, out);
    return;
  }
  let i = 0;
  for (; i + 4 <= inW; i += 4) weightRowsFour(i, B, inW, out, x, d, gW, accumulate);
  for (; i + 2 <= inW; i += 2) weightRowsTwo(i, B, inW, out, x, d, gW, accumulate);
  for (; i < inW; i++) weightRow(i, B, inW, out, x, d, gW, accumulate);
}
