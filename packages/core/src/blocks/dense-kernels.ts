// Dense-layer kernels of the js MLP realisation. Each kernel works on 4×4 tiles (four batch rows × four
// columns, or four rows × four columns of W) held in sixteen local accumulators: every value loaded from
// memory feeds four multiply–adds, which on V8 is 2–3× faster than the textbook loops (those spend their time
// on loads and on storing the accumulator). Edges that do not fill a tile fall back to narrower loops. Every
// output is still summed in the same order as the plain loop, so results do not depend on the tiling.

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
  let b = 0;
  for (; b + 4 <= B; b += 4) {
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

/**
 * g[b, i] = Σⱼ W[i, j]·d[b, j]: the cotangent of a dense layer's input.
 * @internal
 */
export function denseBackwardInput(B: number, inW: number, out: number, d: Float64Array, W: Float64Array, g: Float64Array): void {
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
  // bias sums four columns at a time: each row of d is read contiguously, not down one column per sum
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
  let i = 0;
  for (; i + 4 <= inW; i += 4) {
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
  // two rows of gW at a time (narrow inputs, e.g. a state of size 2): each value of d feeds two sums
  for (; i + 2 <= inW; i += 2) {
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
  for (; i < inW; i++) {
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
}
