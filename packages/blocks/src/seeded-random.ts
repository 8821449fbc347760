import { OdeflowError } from '@odeflow/core';

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

/** SplitMix32: spreads one seed word over the generator state so that nearby seeds give unrelated streams. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded by SplitMix32) producing float64 numbers.
 * It is plain integer arithmetic, so a seed gives the same stream on every platform and every backend:
 * block initialisers draw their weights here and backends only copy the numbers in.
 */
export class SeededRandom {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spare: number | undefined;

  /**
   * @param seed - an integer in [0, 2⁵³)
   * @throws OdeflowError `INVALID_ARGUMENT` for any other seed
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_53) {
      throw new OdeflowError('INVALID_ARGUMENT', `SeededRandom: the seed must be an integer in [0, 2^53), got ${String(seed)}.`, { seed });
    }
    const lo = { s: seed >>> 0 };
    const hi = { s: Math.floor(seed / TWO_32) ^ 0x6a09e667 };
    this.a = splitmix32(lo);
    this.b = splitmix32(hi);
    this.c = splitmix32(lo) ^ splitmix32(hi);
    this.d = splitmix32(lo);
    // xoshiro's only bad state is all zeros
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** A uniform float64 in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / TWO_53;
  }

  /** A uniform float64 in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A normal float64 N(mean, std²) (Box–Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, std = 1): number {
    let z: number;
    if (this.spare !== undefined) {
      z = this.spare;
      this.spare = undefined;
    } else {
      const u1 = 1 - this.next(); // (0, 1]: log stays finite
      const u2 = this.next();
      const r = Math.sqrt(-2 * Math.log(u1));
      z = r * Math.cos(2 * Math.PI * u2);
      this.spare = r * Math.sin(2 * Math.PI * u2);
    }
    return mean + std * z;
  }

  /**
   * A uniform integer in [0, n).
   * @throws OdeflowError `INVALID_ARGUMENT` unless n is a positive integer
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1) {
      throw new OdeflowError('INVALID_ARGUMENT', `SeededRandom.int: n must be a positive integer, got ${n}.`, { n });
    }
    return Math.floor(this.next() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
