// Kernels of odeflow's fused MLP blocks (js backend's default realisation, wasm backend's fused kernels; AssemblyScript, compiled by
// scripts/build-kernels.mjs with --runtime stub: no GC, no allocation; JS owns the memory layout).
// Every array is float64 in this module's linear memory and every pointer is a byte offset; matrices are
// row-major with B batch rows. The definitions match packages/core/src/blocks/js-mlp-dynamics.ts (the `js`
// realisation), and dense sums run in the same order as its kernels: bias (+ t·tw) first, then the inputs in
// index order. SIMD (f64x2) vectorises across output columns only, so no sum is reordered by it.

// ---------------------------------------------------------------------------------------------------------
// tanh: a port of packages/core/src/blocks/fast-tanh.ts, operation for operation (so results are bit-identical
// to the js realisation). Math.tanh in AssemblyScript's libm costs several times more.

const SIXTY_FOUR_OVER_LN2: f64 = 64 / Math.LN2;
const LN2_OVER_64_HI: f64 = 0.010830424696905538;
const LN2_OVER_64_LO: f64 = -6.563929801064195e-13;
const OFFSET: i32 = 4096;
const C6: f64 = 1.0 / 720;
const C5: f64 = 1.0 / 120;
const C4: f64 = 1.0 / 24;
const C3: f64 = 1.0 / 6;

// 2^(j/64) = EXP2_HI[j] + EXP2_LO[j], j = 0..63 (the same tables as fast-tanh.ts)
const EXP2_HI: usize = memory.data<f64>([1, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284, 1.0442737824274138, 1.0556451783605572, 1.0671404006768237, 1.0787607977571199, 1.0905077326652577, 1.102382583307841, 1.1143867425958924, 1.1265216186082418, 1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812, 1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687, 1.241857812073484, 1.255380757024691, 1.2690509571917332, 1.2828700160787783, 1.2968395546510096, 1.3109612115247644, 1.3252366431597413, 1.339667524053303, 1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112, 1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647, 1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445382, 1.5422108254079407, 1.559004400237837, 1.5759808451078865, 1.593142151342267, 1.6104903319492543, 1.6280274218573478, 1.645755478153965, 1.6636765803267364, 1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062, 1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989, 1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656, 1.9152065613971474, 1.9360617934922943, 1.9571441241754002, 1.978456026387951], 16);
const EXP2_LO: usize = memory.data<f64>([0, -1.5234778603368577e-17, 5.109225028973444e-17, 7.600838874027088e-18, 8.551889705537965e-17, 1.759325738772092e-18, -7.899853966841582e-17, -6.656660436056593e-17, -3.046782079812471e-17, 5.2660368715706944e-17, 1.0410278456845571e-16, 5.165856758795457e-17, 8.912812676025408e-17, 3.250710218863827e-17, 3.8292048369240935e-17, 5.554203254218079e-17, 3.982015231465646e-17, 6.644981499252301e-17, -7.712630692681488e-17, -1.89878163130253e-17, 4.658027591836937e-17, -6.7113898212968784e-18, 2.667932131342186e-18, 1.713594918243561e-17, 2.5382502794888315e-17, -7.181536135519454e-17, -2.8587312100388614e-17, 8.927282594831732e-17, 7.70094837980299e-17, 9.593797919118849e-17, -6.770511658794786e-17, -9.614213209051323e-17, -9.667293313452913e-17, -1.2031642489053655e-17, -3.0237581349939873e-17, -5.600377186075216e-17, -3.483994556892796e-17, 1.4192920154284036e-17, -1.016455327754295e-16, 1.117951878016057e-16, 7.949834809697621e-17, 3.7812070533575275e-17, -1.0136916471278304e-17, -1.0094406542311964e-16, 2.4707192569797888e-17, -6.712955084707084e-17, -1.0125679913674773e-16, 5.8909926967131e-17, 8.199010020581497e-17, -8.0237193703977e-18, -1.851380418263111e-17, 3.164389299292957e-17, 2.960140695448873e-17, 6.429731796556572e-17, 1.8227458427912087e-17, -9.969531538920349e-17, 3.283107224245627e-17, 9.761887490727594e-17, -6.122763413004143e-17, 3.4034035352165297e-17, -1.0619946056195963e-16, 1.0332385960676326e-16, 8.960767791036668e-17, 4.0388753109278167e-17], 16);

// @ts-ignore: decorator
@inline
function fastTanh(x: f64): f64 {
  if (x < 3.7e-9 && x > -3.7e-9) return x;
  if (x != x) return x; // the truncation below must not see NaN (JS's `| 0` maps it to 0, and NaN flows on)
  // select, not Math.min/max: wasm's f64.min/max (NaN and −0 rules) compile to a slow branchy sequence in V8
  let u = 2 * x;
  u = select<f64>(40.0, u, u > 40.0);
  u = select<f64>(-40.0, u, u < -40.0);
  const k = <i32>(u * SIXTY_FOUR_OVER_LN2 + (<f64>OFFSET + 0.5)); // positive: truncation is floor
  const n = <f64>(k - OFFSET);
  const r = u - n * LN2_OVER_64_HI - n * LN2_OVER_64_LO;
  const q = r * (1 + r * (0.5 + r * (C3 + r * (C4 + r * (C5 + r * C6)))));
  // 2^((k >> 6) − 64) built from its bits: k >> 6 stays in 6..121, a normal number
  const s = reinterpret<f64>(<i64>((k >> 6) - 64 + 1023) << 52);
  const o = <usize>(k & 63) << 3;
  const hi = s * load<f64>(EXP2_HI + o);
  const lo = s * load<f64>(EXP2_LO + o);
  const em1 = hi - 1 + (lo + (hi + lo) * q);
  return em1 / (em1 + 2);
}

// @ts-ignore: decorator
@inline
function fastTanh2(x: v128): v128 {
  // fastTanh on two lanes, operation for operation (bit-identical), without branches: the division's
  // throughput bounds the scalar loop, and f64x2.div does two at about the cost of one
  const small = f64x2.lt(f64x2.abs(x), f64x2.splat(3.7e-9));
  // pmin/pmax (plain compare-select) keep a NaN lane NaN; the saturating conversion maps it to 0 like `| 0`
  const u = f64x2.pmax(f64x2.pmin(f64x2.add(x, x), f64x2.splat(40.0)), f64x2.splat(-40.0));
  const k = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(u, f64x2.splat(SIXTY_FOUR_OVER_LN2)), f64x2.splat(<f64>OFFSET + 0.5)));
  const n = f64x2.convert_low_i32x4_s(i32x4.sub(k, i32x4.splat(OFFSET)));
  const r = f64x2.sub(f64x2.sub(u, f64x2.mul(n, f64x2.splat(LN2_OVER_64_HI))), f64x2.mul(n, f64x2.splat(LN2_OVER_64_LO)));
  let p = f64x2.add(f64x2.splat(C5), f64x2.mul(r, f64x2.splat(C6)));
  p = f64x2.add(f64x2.splat(C4), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(C3), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1.0), f64x2.mul(r, p));
  const q = f64x2.mul(r, p);
  const e = i64x2.extend_low_i32x4_s(i32x4.add(i32x4.shr_s(k, 6), i32x4.splat(1023 - 64)));
  const s = i64x2.shl(e, 52);
  const o0 = <usize>(i32x4.extract_lane(k, 0) & 63) << 3;
  const o1 = <usize>(i32x4.extract_lane(k, 1) & 63) << 3;
  const tHi = f64x2.replace_lane(f64x2.splat(load<f64>(EXP2_HI + o0)), 1, load<f64>(EXP2_HI + o1));
  const tLo = f64x2.replace_lane(f64x2.splat(load<f64>(EXP2_LO + o0)), 1, load<f64>(EXP2_LO + o1));
  const hi = f64x2.mul(s, tHi);
  const lo = f64x2.mul(s, tLo);
  const em1 = f64x2.add(f64x2.sub(hi, f64x2.splat(1.0)), f64x2.add(lo, f64x2.mul(f64x2.add(hi, lo), q)));
  return v128.bitselect(x, f64x2.div(em1, f64x2.add(em1, f64x2.splat(2.0))), small);
}

/** First byte of linear memory that JS may use (16-aligned, after this module's static data). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** tanh of one value (the kernel `activate` uses), exported for accuracy tests. */
export function tanh(x: f64): f64 {
  return fastTanh(x);
}

// ---------------------------------------------------------------------------------------------------------
// dense layers

/** z[B, nout] = x[B, nin]·W[nin, nout] + b[nout] (+ t·tw[nout] when tw ≠ 0). */
export function dense(x: usize, B: i32, nin: i32, W: usize, nout: i32, b: usize, tw: usize, t: f64, z: usize): void {
  const rowOut = <usize>nout << 3;
  const rowIn = <usize>nin << 3;
  const tv = f64x2.splat(t);
  let r = 0;
  // two rows at a time: every W vector loaded feeds both
  for (; r + 2 <= B; r += 2) {
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
  for (; r < B; r++) {
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
}

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

/** gW[nin, nout] = xᵀ·g and gb[nout] = Σ_rows g (overwrites both). Sums run over rows in order. */
export function denseBackwardParams(x: usize, g: usize, B: i32, nin: i32, nout: i32, gW: usize, gb: usize): void {
  const rowOut = <usize>nout << 3;
  const rowIn = <usize>nin << 3;
  const end = <usize>nout << 3;
  const vecEnd = <usize>(nout & ~1) << 3;
  // bias: column sums
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
  // weights: two input rows × four columns of accumulators, summed over the batch
  let i = 0;
  for (; i + 2 <= nin; i += 2) {
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
  for (; i < nin; i++) {
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

// ---------------------------------------------------------------------------------------------------------
// activations (kind: 0 identity, 1 tanh, 2 relu, 3 sigmoid, 4 softplus)

/** h = act(z) elementwise over n values (h may equal z). */
export function activate(kind: i32, z: usize, h: usize, n: i32): void {
  const end = <usize>n << 3;
  switch (kind) {
    case 1: {
      const pairs = end & ~(<usize>15);
      for (let o: usize = 0; o < pairs; o += 16) v128.store(h + o, fastTanh2(v128.load(z + o)));
      if (pairs < end) store<f64>(h + pairs, fastTanh(load<f64>(z + pairs)));
      break;
    }
    case 2:
      for (let o: usize = 0; o < end; o += 8) {
        const v = load<f64>(z + o);
        store<f64>(h + o, v > 0 ? v : 0);
      }
      break;
    case 3:
      for (let o: usize = 0; o < end; o += 8) store<f64>(h + o, 1 / (1 + Math.exp(-load<f64>(z + o))));
      break;
    case 4:
      for (let o: usize = 0; o < end; o += 8) {
        const v = load<f64>(z + o);
        store<f64>(h + o, v > 30 ? v : v < -30 ? Math.exp(v) : Math.log1p(Math.exp(v)));
      }
      break;
    default:
      if (h != z) memory.copy(h, z, end);
      break;
  }
}

/** g ← g ⊙ act'(z) over n values, from the stored activation h where that is cheaper. */
export function activateBackward(kind: i32, z: usize, h: usize, g: usize, n: i32): void {
  const end = <usize>n << 3;
  switch (kind) {
    case 1: {
      const pairs = end & ~(<usize>15);
      const one = f64x2.splat(1.0);
      for (let o: usize = 0; o < pairs; o += 16) {
        const v = v128.load(h + o);
        v128.store(g + o, f64x2.mul(v128.load(g + o), f64x2.sub(one, f64x2.mul(v, v))));
      }
      if (pairs < end) {
        const v = load<f64>(h + pairs);
        store<f64>(g + pairs, load<f64>(g + pairs) * (1 - v * v));
      }
      break;
    }
    case 2:
      for (let o: usize = 0; o < end; o += 8) if (!(load<f64>(z + o) > 0)) store<f64>(g + o, 0);
      break;
    case 3: {
      const pairs = end & ~(<usize>15);
      const one = f64x2.splat(1.0);
      for (let o: usize = 0; o < pairs; o += 16) {
        const v = v128.load(h + o);
        v128.store(g + o, f64x2.mul(v128.load(g + o), f64x2.mul(v, f64x2.sub(one, v))));
      }
      if (pairs < end) {
        const v = load<f64>(h + pairs);
        store<f64>(g + pairs, load<f64>(g + pairs) * (v * (1 - v)));
      }
      break;
    }
    case 4:
      for (let o: usize = 0; o < end; o += 8) store<f64>(g + o, load<f64>(g + o) * (1 / (1 + Math.exp(-load<f64>(z + o)))));
      break;
    default:
      break;
  }
}

// ---------------------------------------------------------------------------------------------------------
// the input transform y ↦ y^p

/** x = y^p elementwise over n values, p ∈ {1, 2, 3} (x may equal y). */
export function power(y: usize, x: usize, n: i32, p: i32): void {
  const end = <usize>n << 3;
  if (p == 3) {
    for (let o: usize = 0; o < end; o += 8) {
      const v = load<f64>(y + o);
      store<f64>(x + o, v * v * v);
    }
  } else if (p == 2) {
    for (let o: usize = 0; o < end; o += 8) {
      const v = load<f64>(y + o);
      store<f64>(x + o, v * v);
    }
  } else if (x != y) {
    memory.copy(x, y, end);
  }
}

/** g ← g·p·y^(p−1) elementwise over n values: from the cotangent of y^p to that of y. */
export function powerBackward(y: usize, g: usize, n: i32, p: i32): void {
  const end = <usize>n << 3;
  if (p == 3) {
    for (let o: usize = 0; o < end; o += 8) {
      const v = load<f64>(y + o);
      store<f64>(g + o, load<f64>(g + o) * (3 * v * v));
    }
  } else if (p == 2) {
    for (let o: usize = 0; o < end; o += 8) store<f64>(g + o, load<f64>(g + o) * (2 * load<f64>(y + o)));
  }
}
