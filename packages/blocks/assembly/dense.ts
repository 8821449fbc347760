// Dense layers (see mlp-kernels.ts for the conventions).

/** Rows r and r + 1 of {@link dense}: every W vector loaded feeds both. */
// @ts-ignore: decorator
@inline
function denseTwoRows(x: usize, r: i32, nin: i32, W: usize, nout: i32, b: usize, tw: usize, t: f64, tv: v128, z: usize, rowIn: usize, rowOut: usize): void {
  const x0 = x + <usize>r * rowIn;
  const x1 = x0 + rowIn;
  const z0 = z + <usize>r * rowOut;
  const z1 = z0 + rowOut;
  let j = 0;
  for (; j + 4 <= nout; j += 4) {
    const jo = <usize>j << 3;
    let c0 = v128.load(b + jo);
    let c1 = v128.load(b + jo + 16);
    if (tw != 0) {
      c0 = f64x2.add(c0, f64x2.mul(tv, v128.load(tw + jo)));
      c1 = f64x2.add(c1, f64x2.mul(tv, v128.load(tw + jo + 16)));
    }
    let s00 = c0, s01 = c1, s10 = c0, s11 = c1;
    let w = W + jo;
    for (let i = 0; i < nin; i++, w += rowOut) {
      const w0 = v128.load(w);
      const w1 = v128.load(w + 16);
      const io = <usize>i << 3;
      const a0 = f64x2.splat(load<f64>(x0 + io));
      const a1 = f64x2.splat(load<f64>(x1 + io));
      s00 = f64x2.add(s00, f64x2.mul(a0, w0));
      s01 = f64x2.add(s01, f64x2.mul(a0, w1));
      s10 = f64x2.add(s10, f64x2.mul(a1, w0));
      s11 = f64x2.add(s11, f64x2.mul(a1, w1));
    }
    v128.store(z0 + jo, s00);
    v128.store(z0 + jo + 16, s01);
    v128.store(z1 + jo, s10);
    v128.store(z1 + jo + 16, s11);
  }
  for (; j + 2 <= nout; j += 2) {
    const jo = <usize>j << 3;
    let c0 = v128.load(b + jo);
    if (tw != 0) c0 = f64x2.add(c0, f64x2.mul(tv, v128.load(tw + jo)));
    let s0 = c0, s1 = c0;
    let w = W + jo;
    for (let i = 0; i < nin; i++, w += rowOut) {
      const w0 = v128.load(w);
      const io = <usize>i << 3;
      s0 = f64x2.add(s0, f64x2.mul(f64x2.splat(load<f64>(x0 + io)), w0));
      s1 = f64x2.add(s1, f64x2.mul(f64x2.splat(load<f64>(x1 + io)), w0));
    }
    v128.store(z0 + jo, s0);
    v128.store(z1 + jo, s1);
  }
  for (; j < nout; j++) {
    const jo = <usize>j << 3;
    let c = load<f64>(b + jo);
    if (tw != 0) c += t * load<f64>(tw + jo);
    let s0 = c, s1 = c;
    let w = W + jo;
    for (let i = 0; i < nin; i++, w += rowOut) {
      const wij = load<f64>(w);
      const io = <usize>i << 3;
      s0 += load<f64>(x0 + io) * wij;
      s1 += load<f64>(x1 + io) * wij;
    }
    store<f64>(z0 + jo, s0);
    store<f64>(z1 + jo, s1);
  }
}

/** Row r of {@link dense}. */
// @ts-ignore: decorator
@inline
function denseOneRow(x: usize, r: i32, nin: i32, W: usize, nout: i32, b: usize, tw: usize, t: f64, tv: v128, z: usize, rowIn: usize, rowOut: usize): void {
  const x0 = x + <usize>r * rowIn;
  const z0 = z + <usize>r * rowOut;
  let j = 0;
  for (; j + 2 <= nout; j += 2) {
    const jo = <usize>j << 3;
    let s0 = v128.load(b + jo);
    if (tw != 0) s0 = f64x2.add(s0, f64x2.mul(tv, v128.load(tw + jo)));
    let w = W + jo;
    for (let i = 0; i < nin; i++, w += rowOut) {
      s0 = f64x2.add(s0, f64x2.mul(f64x2.splat(load<f64>(x0 + (<usize>i << 3))), v128.load(w)));
    }
    v128.store(z0 + jo, s0);
  }
  for (; j < nout; j++) {
    const jo = <usize>j << 3;
    let s = load<f64>(b + jo);
    if (tw != 0) s += t * load<f64>(tw + jo);
    let w = W + jo;
    for (let i = 0; i < nin; i++, w += rowOut) s += load<f64>(x0 + (<usize>i << 3)) * load<f64>(w);
    store<f64>(z0 + jo, s);
  }
}

/** z[B, nout] = x[B, nin]·W[nin, nout] + b[nout] (+ t·tw[nout] when tw ≠ 0). */
export function dense(x: usize, B: i32, nin: i32, W: usize, nout: i32, b: usize, tw: usize, t: f64, z: usize): void {
  const rowOut = <usize>nout << 3;
  const rowIn = <usize>nin << 3;
  const tv = f64x2.splat(t);
  let r = 0;
  // two rows at a time: every W vector loaded feeds both
  for (; r + 2 <= B; r += 2) denseTwoRows(x, r, nin, W, nout, b, tw, t, tv, z, rowIn, rowOut);
  for (; r < B; r++) denseOneRow(x, r, nin, W, nout, b, tw, t, tv, z, rowIn, rowOut);
}

/**
 * dst[cols, rows] = src[rows, cols]ᵀ. With Wᵀ, the input cotangent g·Wᵀ is `dense(g, B, nout, Wᵀ, nin, 0⃗, …)`:
 * contiguous, SIMD across inputs, and the same sums in the same order as {@link denseBackwardInput}.
 */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<f64>(dst + ((<usize>c * rows + r) << 3), load<f64>(src + ((<usize>r * cols + c) << 3)));
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
