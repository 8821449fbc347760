/** Hidden units j and j + 1 of {@link narrowTwoLayerBackward}. */
function unitPair(j: number, B: number, H: number, dh: (h: number) => number, x0: Float64Array, h: Float64Array, a: Float64Array, W0: Float64Array, W1: Float64Array, gW0: Float64Array, gb0: Float64Array, gW1: Float64Array, gx: Float64Array, accumulate: boolean): void {
  const v0 = W1[2 * j];
  const v1 = W1[2 * j + 1];
  const w0 = W1[2 * j + 2];
  const w1 = W1[2 * j + 3];
  const u0 = W0[j];
  const u1 = W0[H + j];
  const p0 = W0[j + 1];
  const p1 = W0[H + j + 1];
  let s0 = accumulate ? gW1[2 * j] : 0;
  let s1 = accumulate ? gW1[2 * j + 1] : 0;
  let t0 = accumulate ? gW1[2 * j + 2] : 0;
  let t1 = accumulate ? gW1[2 * j + 3] : 0;
  let sb = accumulate ? gb0[j] : 0;
  let tb = accumulate ? gb0[j + 1] : 0;
  let r0 = accumulate ? gW0[j] : 0;
  let r1 = accumulate ? gW0[H + j] : 0;
  let q0 = accumulate ? gW0[j + 1] : 0;
  let q1 = accumulate ? gW0[H + j + 1] : 0;
  for (let b = 0, o = j; b < B; b++, o += H) {
    const a0 = a[2 * b];
    const a1 = a[2 * b + 1];
    const x0b = x0[2 * b];
    const x1b = x0[2 * b + 1];
    const hb = h[o];
    const hc = h[o + 1];
    s0 += hb * a0;
    s1 += hb * a1;
    t0 += hc * a0;
    t1 += hc * a1;
    let g = 0; // the plain loop's sum starts from +0 (which turns a −0 product into +0): kept bit for bit
    g += v0 * a0;
    g += v1 * a1;
    let e = 0;
    e += w0 * a0;
    e += w1 * a1;
    const d = g * dh(hb);
    const f = e * dh(hc);
    sb += d;
    tb += f;
    r0 += x0b * d;
    r1 += x1b * d;
    q0 += x0b * f;
    q1 += x1b * f;
    gx[2 * b] = gx[2 * b] + u0 * d + p0 * f;
    gx[2 * b + 1] = gx[2 * b + 1] + u1 * d + p1 * f;
  }
  gW1[2 * j] = s0;
  gW1[2 * j + 1] = s1;
  gW1[2 * j + 2] = t0;
  gW1[2 * j + 3] = t1;
  gb0[j] = sb;
  gb0[j + 1] = tb;
  gW0[j] = r0;
  gW0[H + j] = r1;
  gW0[j + 1] = q0;
  gW0[H + j + 1] = q1;
}

/** Hidden unit j of {@link narrowTwoLayerBackward}. */
function unit(j: number, B: number, H: number, dh: (h: number) => number, x0: Float64Array, h: Float64Array, a: Float64Array, W0: Float64Array, W1: Float64Array, gW0: Float64Array, gb0: Float64Array, gW1: Float64Array, gx: Float64Array, accumulate: boolean): void {
  const v0 = W1[2 * j];
  const v1 = W1[2 * j + 1];
  const u0 = W0[j];
  const u1 = W0[H + j];
  let s0 = accumulate ? gW1[2 * j] : 0;
  let s1 = accumulate ? gW1[2 * j + 1] : 0;
  let sb = accumulate ? gb0[j] : 0;
  let r0 = accumulate ? gW0[j] : 0;
  let r1 = accumulate ? gW0[H + j] : 0;
  for (let b = 0, o = j; b < B; b++, o += H) {
    const a0 = a[2 * b];
    const a1 = a[2 * b + 1];
    const hb = h[o];
    s0 += hb * a0;
    s1 += hb * a1;
    let g = 0;
    g += v0 * a0;
    g += v1 * a1;
    const d = g * dh(hb);
    sb += d;
    r0 += x0[2 * b] * d;
    r1 += x0[2 * b + 1] * d;
    gx[2 * b] += u0 * d;
    gx[2 * b + 1] += u1 * d;
  }
  gW1[2 * j] = s0;
  gW1[2 * j + 1] = s1;
  gb0[j] = sb;
  gW0[j] = r0;
  gW0[H + j] = r1;
}

/**
 * The whole backward pass of a two-layer MLP on a state of size 2 — dense 2→H, tanh or sigmoid, dense H→2
 * with no activation, no time input — in one pass over the hidden units, for the js realisation.
 *
 * The layer-by-layer kernels walk the [B, H] hidden cotangent four times (form it, multiply by the
 * activation's derivative, the first layer's weight sums, its input cotangent) through a buffer; here each
 * hidden unit j keeps its weight sums in locals across the batch rows and the hidden cotangent never leaves
 * a register. Every output is still summed in the plain loop's order (weight and bias sums over b from 0,
 * started from the current values when accumulating; the input cotangent over j from 0), so the results are
 * bit for bit those of the layer-by-layer kernels.
 *
 * @param B - batch rows
 * @param H - hidden width
 * @param dh - the hidden activation's derivative as a function of its value h (tanh: 1 − h², sigmoid: h(1 − h))
 * @param x0 - the first layer's input [B, 2]
 * @param h - the hidden activations [B, H]
 * @param a - the cotangent of the output [B, 2]
 * @param W0 - first weight [2, H]; `W1` second weight [H, 2]
 * @param gW0 - targets of ∂/∂W0 [2, H], `gb0` of ∂/∂b0 [H], `gW1` of ∂/∂W1 [H, 2], `gb1` of ∂/∂b1 [2]
 * @param gx - receives the cotangent of x0 [B, 2] (written over)
 * @param accumulate - add to the parameter targets instead of writing over them
 * @internal
 */
export function narrowTwoLayerBackward(
  B: number,
  H: number,
  dh: (h: number) => number,
  x0: Float64Array,
  h: Float64Array,
  a: Float64Array,
  W0: Float64Array,
  W1: Float64Array,
  gW0: Float64Array,
  gb0: Float64Array,
  gW1: Float64Array,
  gb1: Float64Array,
  gx: Float64Array,
  accumulate: boolean,
): void {
  let c0 = accumulate ? gb1[0] : 0;
  let c1 = accumulate ? gb1[1] : 0;
  for (let b = 0; b < B; b++) {
    c0 += a[2 * b];
    c1 += a[2 * b + 1];
  }
  gb1[0] = c0;
  gb1[1] = c1;
  gx.fill(0, 0, 2 * B);
  let j = 0;
  // two hidden units per pass: the batch rows' a, x0 and gx are loaded once for both (gx still adds unit j
  // before unit j + 1, the plain loop's order)
  for (; j + 2 <= H; j += 2) unitPair(j, B, H, dh, x0, h, a, W0, W1, gW0, gb0, gW1, gx, accumulate);
  for (; j < H; j++) unit(j, B, H, dh, x0, h, a, W0, W1, gW0, gb0, gW1, gx, accumulate);
}
