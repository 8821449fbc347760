// tanh for the activation kernels (see mlp-kernels.ts for the conventions).

// ---------------------------------------------------------------------------------------------------------
// tanh: a port of src/fast-tanh.ts, operation for operation (so results are bit-identical
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
export function fastTanh(x: f64): f64 {
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
export function fastTanh2(x: v128): v128 {
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

/** tanh of one value (the kernel `activate` uses), exported for accuracy tests. */
export function tanh(x: f64): f64 {
  return fastTanh(x);
}
