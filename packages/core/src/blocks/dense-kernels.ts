// Dense-layer kernels of the js MLP realisation. Rows of the batch are processed four at a time so that
// every weight read from memory feeds four accumulators held in registers: on V8 this is 2–3× faster
// than the textbook loops, which spend their time on loads and stores of the accumulator.

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
    const zo = b * out;
    for (let j = 0; j < out; j++) {
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
      z[zo + j] = s0;
      z[zo + out + j] = s1;
      z[zo + 2 * out + j] = s2;
      z[zo + 3 * out + j] = s3;
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
    const go = b * inW;
    for (let i = 0; i < inW; i++) {
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
      g[go + i] = s0;
      g[go + inW + i] = s1;
      g[go + 2 * inW + i] = s2;
      g[go + 3 * inW + i] = s3;
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
  for (let j = 0; j < out; j++) {
    let s = accumulate ? gb[j] : 0;
    for (let b = 0, o = j; b < B; b++, o += out) s += d[o];
    gb[j] = s;
  }
  for (let i = 0; i < inW; i++) {
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
