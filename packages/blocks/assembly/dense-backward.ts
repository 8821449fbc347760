// Backward passes of the dense layers (see mlp-kernels.ts for the conventions).

/** gx[B, nin] = g[B, nout]·Wᵀ (overwrites gx). Each sum runs over j in index order. */
export function denseBackwardInput(g: usize, B: i32, nout: i32, W: usize, nin: i32, gx: usize): void {
  const rowOut = <usize>nout << 3;
  const rowIn = <usize>nin << 3;
  let r = 0;
  // two rows × two inputs: each g and W value loaded feeds two sums
  for (; r + 2 <= B; r += 2) {
    const g0 = g + <usize>r * rowOut;
    const g1 = g0 + rowOut;
    const o0 = gx + <usize>r * rowIn;
    const o1 = o0 + rowIn;
    let i = 0;
    for (; i + 2 <= nin; i += 2) {
      const w0 = W + <usize>i * rowOut;
      const w1 = w0 + rowOut;
      let s00 = 0.0, s01 = 0.0, s10 = 0.0, s11 = 0.0;
      for (let j = 0; j < nout; j++) {
        const jo = <usize>j << 3;
        const e0 = load<f64>(g0 + jo);
        const e1 = load<f64>(g1 + jo);
        const v0 = load<f64>(w0 + jo);
        const v1 = load<f64>(w1 + jo);
        s00 += v0 * e0;
        s01 += v1 * e0;
        s10 += v0 * e1;
        s11 += v1 * e1;
      }
      const io = <usize>i << 3;
      store<f64>(o0 + io, s00);
      store<f64>(o0 + io + 8, s01);
      store<f64>(o1 + io, s10);
      store<f64>(o1 + io + 8, s11);
    }
    for (; i < nin; i++) {
      const w0 = W + <usize>i * rowOut;
      let s0 = 0.0, s1 = 0.0;
      for (let j = 0; j < nout; j++) {
        const jo = <usize>j << 3;
        const v = load<f64>(w0 + jo);
        s0 += v * load<f64>(g0 + jo);
        s1 += v * load<f64>(g1 + jo);
      }
      const io = <usize>i << 3;
      store<f64>(o0 + io, s0);
      store<f64>(o1 + io, s1);
    }
  }
  for (; r < B; r++) {
    const g0 = g + <usize>r * rowOut;
    const o0 = gx + <usize>r * rowIn;
    for (let i = 0; i < nin; i++) {
      const w0 = W + <usize>i * rowOut;
      let s = 0.0;
      for (let j = 0; j < nout; j++) {
        const jo = <usize>j << 3;
        s += load<f64>(w0 + jo) * load<f64>(g0 + jo);
      }
      store<f64>(o0 + (<usize>i << 3), s);
    }
  }
}

/** gb[nout] = Σ_rows g: column sums, two columns per vector. */
// @ts-ignore: decorator
@inline
function biasSums(g: usize, B: i32, gb: usize, rowOut: usize, end: usize, vecEnd: usize): void {
  for (let jo: usize = 0; jo < vecEnd; jo += 16) {
    let s = f64x2.splat(0);
    let o = g + jo;
    for (let r = 0; r < B; r++, o += rowOut) s = f64x2.add(s, v128.load(o));
    v128.store(gb + jo, s);
  }
  if (vecEnd < end) {
    let s = 0.0;
    let o = g + vecEnd;
    for (let r = 0; r < B; r++, o += rowOut) s += load<f64>(o);
    store<f64>(gb + vecEnd, s);
  }
}

/** Rows i and i + 1 of gW: two input rows × four columns of accumulators, summed over the batch. */
// @ts-ignore: decorator
@inline
function weightTwoRows(x: usize, g: usize, B: i32, i: i32, gW: usize, rowIn: usize, rowOut: usize, end: usize, vecEnd: usize): void {
  const out0 = gW + <usize>i * rowOut;
  const out1 = out0 + rowOut;
  const xi = x + (<usize>i << 3);
  let jo: usize = 0;
  for (; jo + 32 <= vecEnd; jo += 32) {
    let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
    let xo = xi;
    let o = g + jo;
    for (let r = 0; r < B; r++, xo += rowIn, o += rowOut) {
      const e0 = v128.load(o);
      const e1 = v128.load(o + 16);
      const a0 = f64x2.splat(load<f64>(xo));
      const a1 = f64x2.splat(load<f64>(xo + 8));
      s00 = f64x2.add(s00, f64x2.mul(a0, e0));
      s01 = f64x2.add(s01, f64x2.mul(a0, e1));
      s10 = f64x2.add(s10, f64x2.mul(a1, e0));
      s11 = f64x2.add(s11, f64x2.mul(a1, e1));
    }
    v128.store(out0 + jo, s00);
    v128.store(out0 + jo + 16, s01);
    v128.store(out1 + jo, s10);
    v128.store(out1 + jo + 16, s11);
  }
  for (; jo < vecEnd; jo += 16) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    let xo = xi;
    let o = g + jo;
    for (let r = 0; r < B; r++, xo += rowIn, o += rowOut) {
      const e0 = v128.load(o);
      s0 = f64x2.add(s0, f64x2.mul(f64x2.splat(load<f64>(xo)), e0));
      s1 = f64x2.add(s1, f64x2.mul(f64x2.splat(load<f64>(xo + 8)), e0));
    }
    v128.store(out0 + jo, s0);
    v128.store(out1 + jo, s1);
  }
  if (vecEnd < end) {
    let s0 = 0.0, s1 = 0.0;
    let xo = xi;
    let o = g + vecEnd;
    for (let r = 0; r < B; r++, xo += rowIn, o += rowOut) {
      const e = load<f64>(o);
      s0 += load<f64>(xo) * e;
      s1 += load<f64>(xo + 8) * e;
    }
    store<f64>(out0 + vecEnd, s0);
    store<f64>(out1 + vecEnd, s1);
  }
}

/** Row i of gW. */
// @ts-ignore: decorator
@inline
function weightOneRow(x: usize, g: usize, B: i32, i: i32, gW: usize, rowIn: usize, rowOut: usize, end: usize, vecEnd: usize): void {
  const out0 = gW + <usize>i * rowOut;
  const xi = x + (<usize>i << 3);
  let jo: usize = 0;
  for (; jo < vecEnd; jo += 16) {
    let s0 = f64x2.splat(0);
    let xo = xi;
    let o = g + jo;
    for (let r = 0; r < B; r++, xo += rowIn, o += rowOut) s0 = f64x2.add(s0, f64x2.mul(f64x2.splat(load<f64>(xo)), v128.load(o)));
    v128.store(out0 + jo, s0);
  }
  if (vecEnd < end) {
    let s0 = 0.0;
    let xo = xi;
    let o = g + vecEnd;
    for (let r = 0; r < B; r++, xo += rowIn, o += rowOut) s0 += load<f64>(xo) * load<f64>(o);
    store<f64>(out0 + vecEnd, s0);
  }
}

/** gW[nin, nout] = xᵀ·g and gb[nout] = Σ_rows g (overwrites both). Sums run over rows in order. */
export function denseBackwardParams(x: usize, g: usize, B: i32, nin: i32, nout: i32, gW: usize, gb: usize): void {
  const rowOut = <usize>nout << 3;
  const rowIn = <usize>nin << 3;
  const end = <usize>nout << 3;
  const vecEnd = <usize>(nout & ~1) << 3;
  biasSums(g, B, gb, rowOut, end, vecEnd);
  let i = 0;
  for (; i + 2 <= nin; i += 2) weightTwoRows(x, g, B, i, gW, rowIn, rowOut, end, vecEnd);
  for (; i < nin; i++) weightOneRow(x, g, B, i, gW, rowIn, rowOut, end, vecEnd);
}
