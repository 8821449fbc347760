const LN2_OVER_64_HI = 0.010830424696905538; // ln2/64 rounded to 32 bits, so n·HI is exact for the n used here (< 2¹²)
const LN2_OVER_64_LO = -6.563929801064195e-13; // ln2/64 − HI
const SIXTY_FOUR_OVER_LN2 = 64 / Math.LN2;

/** 2^(j/64), j = 0..63 (Math.pow is correctly rounded enough at these exact arguments). */
const EXP2_FRACTION = Float64Array.from({ length: 64 }, (_, j) => Math.pow(2, j / 64));
/** 2^m, m = 0..63, exact. */
const EXP2_INTEGER = Float64Array.from({ length: 64 }, (_, m) => Math.pow(2, m));

// Taylor coefficients of tanh x = x·Σ cₖ x²ᵏ, used for |x| < 1/8 where (e−1)/(e+1) would cancel.
const C1 = -1 / 3;
const C2 = 2 / 15;
const C3 = -17 / 315;
const C4 = 62 / 2835;
const C5 = -1382 / 155925;
const C6 = 21844 / 6081075;
const C7 = -929569 / 638512875;
const C8 = 6404582 / 10854718875;

/**
 * tanh in float64 without calling Math.tanh or Math.exp, which V8 implements as out-of-line C calls
 * (≈ 10 ns each); this inlines to a few ns, which dominates the cost of a small MLP. Accurate to a few
 * ulp: for |x| < 1/8 a Taylor polynomial (truncation < 1e-19 relative); above, tanh = (E−1)/(E+1) with
 * E = e^{2|x|} from a table-driven exp (e^u = 2^m·2^{j/64}·p(r), |r| ≤ ln2/128, p of degree 6); beyond
 * |x| = 19.1 it is ±1 in float64.
 */
export function fastTanh(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax < 0.125) {
    if (ax < 3.7e-9) return x; // x³/3 is below half an ulp of x (and ±0 keeps its sign)
    const x2 = x * x;
    return x + x * x2 * (C1 + x2 * (C2 + x2 * (C3 + x2 * (C4 + x2 * (C5 + x2 * (C6 + x2 * (C7 + x2 * C8)))))));
  }
  if (ax > 19.1 || ax !== ax) return ax !== ax ? x : x < 0 ? -1 : 1;
  const u = 2 * ax;
  const n = (u * SIXTY_FOUR_OVER_LN2 + 0.5) | 0; // u > 0, so truncation rounds to nearest
  const r = u - n * LN2_OVER_64_HI - n * LN2_OVER_64_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  const e = EXP2_INTEGER[n >> 6] * EXP2_FRACTION[n & 63] * p;
  const t = (e - 1) / (e + 1);
  return x < 0 ? -t : t;
}
