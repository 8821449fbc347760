// C[M, N] = init + A[M, K]·B[K, N] in float64, cache-blocked and register-tiled (see mlp-kernels.ts for the
// conventions); every row of C starts from the same init row (a bias b, or b + t·tw, or zeros), which the
// first depth block reads instead of C. A and B are read through strides, so the same code computes x·W, g·Wᵀ and xᵀ·g without
// transposing anything: A[m, k] is at A + m·sam + k·sak, B[k, n] at B + k·sbk + n·sbn (bytes).
//
// Blocking in the manner of GotoBLAS: a KC×NC block of B is packed into panels of 4 columns (each panel a
// contiguous [KC][4] run, L1-sized), an MC×KC block of A into panels of 4 rows ([KC][4], the whole block
// L2-sized), and a 4×4 tile of C lives in eight f64x2 registers while the micro-kernel walks both panels
// contiguously. Every C entry still receives its products in k order, one rounding per product and per add
// (no FMA, no reordering), so the results equal the plain loop's bit for bit.

/** Rows of A per packed block (A block: MC·KC·8 = 128 KiB, within L2). */
const MC: i32 = 64;
/** Depth per block (a packed panel: KC·4·8 = 8 KiB, within L1). */
const KC: i32 = 256;
/** Columns of B per packed block (B block: KC·NC·8 = 1 MiB). */
const NC: i32 = 512;

/** Scratch of the packed blocks and of one edge tile (static: zeroed memory below the heap base). */
const PACK_A: usize = memory.data(MC * KC * 8, 16);
const PACK_B: usize = memory.data(KC * NC * 8, 16);
const EDGE: usize = memory.data(16 * 8, 16);

/** Pack A[m0.., k0..] (mc × kc) into ceil(mc/4) panels of [kc][4], padding missing rows with zeros. */
// @ts-ignore: decorator
@inline
function packA(A: usize, sam: usize, sak: usize, mc: i32, kc: i32, dst: usize): void {
  for (let p = 0; p < mc; p += 4) {
    const rows = min(4, mc - p);
    const base = A + <usize>p * sam;
    if (rows == 4 && sam == 8) {
      // four consecutive values of a row of the stored matrix (xᵀ): two vector copies per k
      let src = base;
      for (let k = 0; k < kc; k++, src += sak, dst += 32) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      }
    } else {
      for (let k = 0; k < kc; k++, dst += 32) {
        const src = base + <usize>k * sak;
        for (let q = 0; q < 4; q++) store<f64>(dst + (<usize>q << 3), q < rows ? load<f64>(src + <usize>q * sam) : 0.0);
      }
    }
  }
}

/** Pack B[k0.., n0..] (kc × nc) into ceil(nc/4) panels of [kc][4], padding missing columns with zeros. */
// @ts-ignore: decorator
@inline
function packB(B: usize, sbk: usize, sbn: usize, kc: i32, nc: i32, dst: usize): void {
  for (let p = 0; p < nc; p += 4) {
    const cols = min(4, nc - p);
    const base = B + <usize>p * sbn;
    if (cols == 4 && sbn == 8) {
      let src = base;
      for (let k = 0; k < kc; k++, src += sbk, dst += 32) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      }
    } else {
      for (let k = 0; k < kc; k++, dst += 32) {
        const src = base + <usize>k * sbk;
        for (let q = 0; q < 4; q++) store<f64>(dst + (<usize>q << 3), q < cols ? load<f64>(src + <usize>q * sbn) : 0.0);
      }
    }
  }
}

/** What row entries j, j + 1 of C start from: init[j..] (+ t·tw[j..]), or zeros when init = 0. */
// @ts-ignore: decorator
@inline
function start2(init: usize, tw: usize, tv: v128, jo: usize): v128 {
  if (init == 0) return f64x2.splat(0);
  const b = v128.load(init + jo);
  return tw == 0 ? b : f64x2.add(b, f64x2.mul(tv, v128.load(tw + jo)));
}

/** Scalar form of {@link start2}. */
// @ts-ignore: decorator
@inline
function start1(init: usize, tw: usize, t: f64, jo: usize): f64 {
  if (init == 0) return 0.0;
  const b = load<f64>(init + jo);
  return tw == 0 ? b : b + t * load<f64>(tw + jo);
}

/**
 * C[4, 4] (row stride ldc bytes) = (C, or the init row when `first`) + Apanel[kc][4]ᵀ·Bpanel[kc][4]: eight
 * accumulators, both panels walked contiguously.
 */
// @ts-ignore: decorator
@inline
function micro(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, first: bool, init: usize, tw: usize, tv: v128, jo: usize): void {
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  let s00: v128, s01: v128, s10: v128, s11: v128, s20: v128, s21: v128, s30: v128, s31: v128;
  if (first) {
    const i0 = start2(init, tw, tv, jo);
    const i1 = start2(init, tw, tv, jo + 16);
    s00 = i0; s10 = i0; s20 = i0; s30 = i0;
    s01 = i1; s11 = i1; s21 = i1; s31 = i1;
  } else {
    s00 = v128.load(c); s01 = v128.load(c, 16);
    s10 = v128.load(c1); s11 = v128.load(c1, 16);
    s20 = v128.load(c2); s21 = v128.load(c2, 16);
    s30 = v128.load(c3); s31 = v128.load(c3, 16);
  }
  for (let k = 0; k < kc; k++, ap += 32, bp += 32) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load64_splat(ap);
    s00 = f64x2.add(s00, f64x2.mul(a0, b0));
    s01 = f64x2.add(s01, f64x2.mul(a0, b1));
    const a1 = v128.load64_splat(ap, 8);
    s10 = f64x2.add(s10, f64x2.mul(a1, b0));
    s11 = f64x2.add(s11, f64x2.mul(a1, b1));
    const a2 = v128.load64_splat(ap, 16);
    s20 = f64x2.add(s20, f64x2.mul(a2, b0));
    s21 = f64x2.add(s21, f64x2.mul(a2, b1));
    const a3 = v128.load64_splat(ap, 24);
    s30 = f64x2.add(s30, f64x2.mul(a3, b0));
    s31 = f64x2.add(s31, f64x2.mul(a3, b1));
  }
  v128.store(c, s00);
  v128.store(c, s01, 16);
  v128.store(c1, s10);
  v128.store(c1, s11, 16);
  v128.store(c2, s20);
  v128.store(c2, s21, 16);
  v128.store(c3, s30);
  v128.store(c3, s31, 16);
}

/** A partial tile (rows × cols < 4 × 4) through the edge scratch: the padded products land outside C. */
function microEdge(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, rows: i32, cols: i32, first: bool, init: usize, tw: usize, t: f64, jo: usize): void {
  for (let r = 0; r < 4; r++) {
    for (let q = 0; q < 4; q++) {
      const o = <usize>q << 3;
      let v = 0.0;
      if (r < rows && q < cols) v = first ? start1(init, tw, t, jo + o) : load<f64>(c + <usize>r * ldc + o);
      store<f64>(EDGE + (<usize>(r * 4 + q) << 3), v);
    }
  }
  micro(ap, bp, kc, EDGE, 32, false, 0, 0, f64x2.splat(0), 0);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) store<f64>(c + <usize>r * ldc + (<usize>q << 3), load<f64>(EDGE + (<usize>(r * 4 + q) << 3)));
  }
}

/** The tiles of one packed A block (mc × kc) against one packed B block (kc × nc, from column j0). */
function macro(mc: i32, nc: i32, kc: i32, C: usize, ldc: usize, first: bool, init: usize, tw: usize, t: f64, j0: i32): void {
  const panel = <usize>kc << 5;
  const tv = f64x2.splat(t);
  let bp = PACK_B;
  for (let j = 0; j < nc; j += 4, bp += panel) {
    const cols = min(4, nc - j);
    const jo = <usize>(j0 + j) << 3;
    let ap = PACK_A;
    for (let i = 0; i < mc; i += 4, ap += panel) {
      const rows = min(4, mc - i);
      const c = C + <usize>i * ldc + (<usize>j << 3);
      if (rows == 4 && cols == 4) micro(ap, bp, kc, c, ldc, first, init, tw, tv, jo);
      else microEdge(ap, bp, kc, c, ldc, rows, cols, first, init, tw, t, jo);
    }
  }
}

/**
 * Rows m and m + 1 of C = init + A·B without packing (small products, where packing would cost as much as
 * the product): B row-major (sbn = 8), two rows × four columns per step so that each B vector feeds two sums.
 */
// @ts-ignore: decorator
@inline
function directTwoRows(a0: usize, a1: usize, sak: usize, N: i32, K: i32, B: usize, sbk: usize, c0: usize, c1: usize, init: usize, tw: usize, t: f64): void {
  const tv = f64x2.splat(t);
  let j = 0;
  for (; j + 4 <= N; j += 4) {
    const jo = <usize>j << 3;
    let s00 = start2(init, tw, tv, jo);
    let s01 = start2(init, tw, tv, jo + 16);
    let s10 = s00;
    let s11 = s01;
    let w = B + jo;
    let x0 = a0;
    let x1 = a1;
    for (let k = 0; k < K; k++, w += sbk, x0 += sak, x1 += sak) {
      const w0 = v128.load(w);
      const w1 = v128.load(w, 16);
      const v0 = v128.load64_splat(x0);
      const v1 = v128.load64_splat(x1);
      s00 = f64x2.add(s00, f64x2.mul(v0, w0));
      s01 = f64x2.add(s01, f64x2.mul(v0, w1));
      s10 = f64x2.add(s10, f64x2.mul(v1, w0));
      s11 = f64x2.add(s11, f64x2.mul(v1, w1));
    }
    v128.store(c0 + jo, s00);
    v128.store(c0 + jo, s01, 16);
    v128.store(c1 + jo, s10);
    v128.store(c1 + jo, s11, 16);
  }
  for (; j + 2 <= N; j += 2) {
    const jo = <usize>j << 3;
    let s0 = start2(init, tw, tv, jo);
    let s1 = s0;
    let w = B + jo;
    let x0 = a0;
    let x1 = a1;
    for (let k = 0; k < K; k++, w += sbk, x0 += sak, x1 += sak) {
      const w0 = v128.load(w);
      s0 = f64x2.add(s0, f64x2.mul(v128.load64_splat(x0), w0));
      s1 = f64x2.add(s1, f64x2.mul(v128.load64_splat(x1), w0));
    }
    v128.store(c0 + jo, s0);
    v128.store(c1 + jo, s1);
  }
  for (; j < N; j++) {
    const jo = <usize>j << 3;
    let s0 = start1(init, tw, t, jo);
    let s1 = s0;
    let w = B + jo;
    let x0 = a0;
    let x1 = a1;
    for (let k = 0; k < K; k++, w += sbk, x0 += sak, x1 += sak) {
      const v = load<f64>(w);
      s0 += load<f64>(x0) * v;
      s1 += load<f64>(x1) * v;
    }
    store<f64>(c0 + jo, s0);
    store<f64>(c1 + jo, s1);
  }
}

/** Products up to this many multiply–adds (or with fewer than 4 rows) skip the packing. */
const DIRECT_MACS: i64 = 32768;

/**
 * C[M, N] (row stride ldc bytes) = init + A·B with A[m, k] at A + m·sam + k·sak and B[k, n] at B + k·sbk + n·sbn.
 * Every row of C starts from init[N] (+ t·tw[N] when tw ≠ 0), or from zeros when init = 0, and then adds its
 * products in k order. C must not overlap A, B, init or tw.
 */
export function gemm(M: i32, N: i32, K: i32, A: usize, sam: usize, sak: usize, B: usize, sbk: usize, sbn: usize, C: usize, ldc: usize, init: usize, tw: usize, t: f64): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || (sbn == 8 && (M < 4 || <i64>M * N * K <= DIRECT_MACS))) {
    let m = 0;
    for (; m + 2 <= M; m += 2) {
      const a = A + <usize>m * sam;
      const c = C + <usize>m * ldc;
      directTwoRows(a, a + sam, sak, N, max(K, 0), B, sbk, c, c + ldc, init, tw, t);
    }
    // an odd last row runs as a pair with itself (the same sums, stored twice)
    if (m < M) {
      const a = A + <usize>m * sam;
      const c = C + <usize>m * ldc;
      directTwoRows(a, a, sak, N, max(K, 0), B, sbk, c, c, init, tw, t);
    }
    return;
  }
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      packB(B + <usize>pc * sbk + <usize>jc * sbn, sbk, sbn, kc, nc, PACK_B);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(A + <usize>ic * sam + <usize>pc * sak, sam, sak, mc, kc, PACK_A);
        macro(mc, nc, kc, C + <usize>ic * ldc + (<usize>jc << 3), ldc, pc == 0, init, tw, t, jc);
      }
    }
  }
}
