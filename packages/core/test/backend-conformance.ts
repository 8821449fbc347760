/**
 * The backend conformance suite: the same checks for every TensorBackend (js, tfjs, wasm). Each backend has
 * its own test file calling {@link backendConformance}, so each runs in its own process (tfjs keeps one
 * active kernel set per process). References are computed here in float64 plain JavaScript.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { autodiffDynamics, isOdeflowError, type TensorBackend } from '@odeflow/core';

/** A backend under test. */
export interface ConformanceTarget {
  /** Expected registered name. */
  readonly name: string;
  /** Expected dtype. */
  readonly dtype: 'float32' | 'float64';
  /** Creates the backend (may start asynchronous kernels). */
  create(): TensorBackend<any> | Promise<TensorBackend<any>>;
}

// deterministic pseudo-random numbers in [-1, 1)
function rand(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push((s / 2 ** 32) * 2 - 1);
  }
  return out;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, what = ''): void {
  expect(got.length, `${what} length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = rel * Math.max(1, Math.abs(want[i]));
    if (!(Math.abs(got[i] - want[i]) <= tol)) {
      expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]} (tolerance ${tol})`);
    }
  }
}

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(isOdeflowError(e), `expected an OdeflowError, got ${String(e)}`).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  expect.fail(`expected ${code}, nothing was thrown`);
}

// float64 references
function refMatMul(a: number[], ar: number, ac: number, b: number[], br: number, bc: number, tA: boolean, tB: boolean): number[] {
  const m = tA ? ac : ar;
  const k = tA ? ar : ac;
  const n = tB ? br : bc;
  const A = (i: number, p: number) => (tA ? a[p * ac + i] : a[i * ac + p]);
  const B = (p: number, j: number) => (tB ? b[j * bc + p] : b[p * bc + j]);
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A(i, p) * B(p, j);
      out.push(s);
    }
  }
  return out;
}

function transpose2(x: number[], r: number, c: number): number[] {
  const out: number[] = new Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j];
  return out;
}

/** Run every conformance check on `target`. */
export function backendConformance(target: ConformanceTarget): void {
  describe(`${target.name} backend conformance`, () => {
    let b: TensorBackend<any>;
    const f32 = target.dtype === 'float32';
    const rel = f32 ? 2e-6 : 1e-13;
    const bytesPer = f32 ? 4 : 8;

    beforeAll(async () => {
      b = await target.create();
    });

    /** Run fn and check that it leaves no live tensors behind. */
    function noLeak(fn: () => void): void {
      const before = b.memory().tensors;
      b.tidy(fn);
      expect(b.memory().tensors, 'live tensors after the check').toBe(before);
    }

    it('reports its name, dtype and a minimal tolerance matching the dtype', () => {
      expect(b.name).toBe(target.name);
      expect(b.dtype).toBe(target.dtype);
      expect(b.minTolerance).toBeGreaterThanOrEqual(f32 ? 1e-7 : 1e-16);
      expect(b.minTolerance).toBeLessThanOrEqual(f32 ? 1e-5 : 1e-12);
    });

    it('creates tensors and reads them back', () =>
      noLeak(() => {
        const x = b.fromArray([1.5, -2, 3, 4, 5, 6], [2, 3]);
        expect(b.shape(x)).toEqual([2, 3]);
        expect(b.size(x)).toBe(6);
        expect(Array.from(b.toFloat64Array(x))).toEqual([1.5, -2, 3, 4, 5, 6]);
        expect(b.shape(b.fromArray([7]))).toEqual([1]);
        expect(b.shape(b.fromArray([7], []))).toEqual([]);
        expect(Array.from(b.toFloat64Array(b.zeros([2, 2])))).toEqual([0, 0, 0, 0]);
        expect(Array.from(b.toFloat64Array(b.fill([3], 2.5)))).toEqual([2.5, 2.5, 2.5]);
        const c = b.clone(x);
        b.dispose(x);
        expect(Array.from(b.toFloat64Array(c))).toEqual([1.5, -2, 3, 4, 5, 6]);
        expectCode(() => b.fromArray([1, 2, 3], [2, 2]), 'SHAPE_MISMATCH');
      }));

    it('computes every elementwise op like the float64 reference', () =>
      noLeak(() => {
        const xs = [...rand(40, 7).map((v) => 3 * v), -40, -20, 0, 20, 40];
        const x = b.fromArray(xs);
        const unary: [string, (x: any) => any, (v: number) => number][] = [
          ['neg', (t) => b.neg(t), (v) => -v],
          ['tanh', (t) => b.tanh(t), Math.tanh],
          ['relu', (t) => b.relu(t), (v) => Math.max(v, 0)],
          ['sigmoid', (t) => b.sigmoid(t), (v) => 1 / (1 + Math.exp(-v))],
          ['softplus', (t) => b.softplus(t), (v) => (v > 30 ? v : Math.log1p(Math.exp(v)))],
          ['sin', (t) => b.sin(t), Math.sin],
          ['cos', (t) => b.cos(t), Math.cos],
          ['pow 2', (t) => b.pow(t, 2), (v) => v * v],
          ['pow 3', (t) => b.pow(t, 3), (v) => v * v * v],
        ];
        for (const [name, op, ref] of unary) expectClose(b.toFloat64Array(op(x)), xs.map(ref), rel * 4, name);
        const small = xs.slice(0, 40);
        const xsmall = b.fromArray(small);
        expectClose(b.toFloat64Array(b.exp(xsmall)), small.map(Math.exp), rel * 4, 'exp');
        const pos = small.map((v) => Math.abs(v) + 0.1);
        const xpos = b.fromArray(pos);
        expectClose(b.toFloat64Array(b.pow(xpos, 0.5)), pos.map(Math.sqrt), rel * 4, 'pow 0.5');
        expectClose(b.toFloat64Array(b.pow(xpos, -1.5)), pos.map((v) => v ** -1.5), rel * 8, 'pow -1.5');
        const s = b.sum(xsmall);
        expect(b.shape(s)).toEqual([]);
        expectClose(b.toFloat64Array(s), [small.reduce((p, v) => p + v, 0)], rel * 40, 'sum');
      }));

    it('adds, subtracts, multiplies and divides tensors, scalars and broadcast biases', () =>
      noLeak(() => {
        const av = rand(12, 3);
        const bv = rand(12, 4).map((v) => v + 2);
        const a = b.fromArray(av, [4, 3]);
        const c = b.fromArray(bv, [4, 3]);
        const ops: [string, (x: any, y: any) => any, (x: number, y: number) => number][] = [
          ['add', (x, y) => b.add(x, y), (x, y) => x + y],
          ['sub', (x, y) => b.sub(x, y), (x, y) => x - y],
          ['mul', (x, y) => b.mul(x, y), (x, y) => x * y],
          ['div', (x, y) => b.div(x, y), (x, y) => x / y],
        ];
        const bias = [0.5, -1.25, 2];
        const biasT = b.fromArray(bias);
        for (const [name, op, ref] of ops) {
          const same = op(a, c);
          expect(b.shape(same)).toEqual([4, 3]);
          expectClose(b.toFloat64Array(same), av.map((v, i) => ref(v, bv[i])), rel * 4, `${name} tensor`);
          expectClose(b.toFloat64Array(op(a, 1.75)), av.map((v) => ref(v, 1.75)), rel * 4, `${name} scalar`);
          const biased = op(a, biasT);
          expect(b.shape(biased)).toEqual([4, 3]);
          expectClose(b.toFloat64Array(biased), av.map((v, i) => ref(v, bias[i % 3])), rel * 4, `${name} bias`);
          const one = op(a, b.fromArray([3], [1]));
          expect(b.shape(one)).toEqual([4, 3]);
          expectClose(b.toFloat64Array(one), av.map((v) => ref(v, 3)), rel * 4, `${name} one-element`);
        }
        expectCode(() => b.add(a, b.fromArray([1, 2])), 'SHAPE_MISMATCH');
        expectCode(() => b.mul(b.fromArray([1, 2, 3]), b.fromArray([1, 2])), 'SHAPE_MISMATCH');
      }));

    it('forms linear combinations in one call, skipping zero coefficients', () =>
      noLeak(() => {
        const vs = [rand(5, 11), rand(5, 12), rand(5, 13), rand(5, 14)];
        const ts = vs.map((v) => b.fromArray(v));
        const cs = [0.25, 0, -1.5, 1];
        const want = vs[0].map((_, i) => cs.reduce((s, c, j) => s + c * vs[j][i], 0));
        const got = b.lincomb(cs, ts);
        expect(b.shape(got)).toEqual([5]);
        expectClose(b.toFloat64Array(got), want, rel * 8, 'lincomb');
        const lone = b.lincomb([1, 0], [ts[0], ts[1]]);
        const stored = b.toFloat64Array(ts[0]); // vs[0] rounded to the backend's precision
        expectClose(b.toFloat64Array(lone), stored, 0, 'lincomb single');
        b.dispose(lone);
        expectClose(b.toFloat64Array(ts[0]), stored, 0, 'input survives disposing the result');
        expect(Array.from(b.toFloat64Array(b.lincomb([0, 0], [ts[0], ts[1]])))).toEqual([0, 0, 0, 0, 0]);
        expectCode(() => b.lincomb([1, 2], [ts[0]]), 'SHAPE_MISMATCH');
        expectCode(() => b.lincomb([1, 1], [ts[0], b.zeros([4])]), 'SHAPE_MISMATCH');
      }));

    it('computes the scaled error norm with scalar and per-component tolerances, rms, dot and maxAbs', () =>
      noLeak(() => {
        const e = [1e-3, -2e-3, 5e-4, 0];
        const y0 = [1, -10, 0.1, 3];
        const y1 = [1.1, -9, -0.2, 3];
        const [E, Y0, Y1] = [e, y0, y1].map((v) => b.fromArray(v));
        const norm = (rt: number[], at: number[]) =>
          Math.sqrt(e.reduce((s, ei, i) => s + (ei / (at[i] + rt[i] * Math.max(Math.abs(y0[i]), Math.abs(y1[i])))) ** 2, 0) / e.length);
        const four = (v: number) => [v, v, v, v];
        expectClose([b.errorNorm(E, Y0, Y1, 1e-3, 1e-6)], [norm(four(1e-3), four(1e-6))], rel * 8, 'errorNorm scalar');
        const rt = [1e-3, 1e-2, 1e-4, 1e-3];
        const at = [1e-6, 1e-3, 1e-5, 1e-6];
        expectClose([b.errorNorm(E, Y0, Y1, b.fromArray(rt), b.fromArray(at))], [norm(rt, at)], rel * 8, 'errorNorm tensors');
        expectClose([b.errorNorm(E, Y0, Y1, b.fromArray(rt), 1e-6)], [norm(rt, four(1e-6))], rel * 8, 'errorNorm mixed');
        expectClose([b.rms(Y0)], [Math.sqrt(y0.reduce((s, v) => s + v * v, 0) / 4)], rel * 4, 'rms');
        expectClose([b.dot(Y0, Y1)], [y0.reduce((s, v, i) => s + v * y1[i], 0)], rel * 8, 'dot');
        expect(b.maxAbs(Y0)).toBe(10);
        expectCode(() => b.dot(Y0, b.zeros([3])), 'SHAPE_MISMATCH');
      }));

    it('detects NaN and ±Infinity', () =>
      noLeak(() => {
        expect(b.allFinite(b.fromArray([1, -2, 3e30]))).toBe(true);
        expect(b.allFinite(b.fromArray([1, NaN, 3]))).toBe(false);
        expect(b.allFinite(b.fromArray([Infinity, 0]))).toBe(false);
        expect(b.allFinite(b.fromArray([0, -Infinity]))).toBe(false);
        expect(b.allFinite(b.div(b.fromArray([1]), 0))).toBe(false);
        expect(Number.isNaN(b.maxAbs(b.fromArray([1, NaN])))).toBe(true);
      }));

    it('reshapes, concatenates and splits', () =>
      noLeak(() => {
        const a = b.fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
        const r = b.reshape(a, [3, 2]);
        expect(b.shape(r)).toEqual([3, 2]);
        expect(Array.from(b.toFloat64Array(r))).toEqual([1, 2, 3, 4, 5, 6]);
        expectCode(() => b.reshape(a, [4]), 'SHAPE_MISMATCH');
        const c = b.concat([a, b.fromArray([7]), b.fromArray([8, 9], [1, 2])]);
        expect(b.shape(c)).toEqual([9]);
        expect(Array.from(b.toFloat64Array(c))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        const parts = b.split(c, [6, 1, 2]);
        expect(parts.map((p) => b.shape(p))).toEqual([[6], [1], [2]]);
        expect(parts.map((p) => Array.from(b.toFloat64Array(p)))).toEqual([[1, 2, 3, 4, 5, 6], [7], [8, 9]]);
        expectCode(() => b.split(c, [6, 2]), 'SHAPE_MISMATCH');
      }));

    it('multiplies matrices with every combination of transposes', () =>
      noLeak(() => {
        const av = rand(12, 21);
        const bv = rand(20, 22);
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            // op(A) is 3×4 and op(B) is 4×5
            const [ar, ac] = tA ? [4, 3] : [3, 4];
            const [br, bc] = tB ? [5, 4] : [4, 5];
            const got = b.matMul(b.fromArray(av, [ar, ac]), b.fromArray(bv, [br, bc]), tA, tB);
            expect(b.shape(got)).toEqual([3, 5]);
            expectClose(b.toFloat64Array(got), refMatMul(av, ar, ac, bv, br, bc, tA, tB), rel * 8, `matMul ${tA} ${tB}`);
          }
        }
        const t = b.transpose(b.fromArray([1, 2, 3, 4, 5, 6], [2, 3]));
        expect(b.shape(t)).toEqual([3, 2]);
        expect(Array.from(b.toFloat64Array(t))).toEqual([1, 4, 2, 5, 3, 6]);
        expectCode(() => b.matMul(b.zeros([2, 3]), b.zeros([2, 3])), 'SHAPE_MISMATCH');
        expectCode(() => b.matMul(b.zeros([6]), b.zeros([6, 1])), 'SHAPE_MISMATCH');
      }));

    it('multiplies larger matrices with transposes, and differentiates them, like the float64 reference', () =>
      noLeak(() => {
        // op(A) is 40×30, op(B) is 30×20: big enough for backends that materialise transposes
        const [m, k, n] = [40, 30, 20];
        const av = rand(m * k, 41);
        const bv = rand(k * n, 42);
        const dyv = rand(m * n, 43);
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            const [ar, ac] = tA ? [k, m] : [m, k];
            const [br, bc] = tB ? [n, k] : [k, n];
            const A = b.fromArray(av, [ar, ac]);
            const B = b.fromArray(bv, [br, bc]);
            const want = refMatMul(av, ar, ac, bv, br, bc, tA, tB);
            expectClose(b.toFloat64Array(b.matMul(A, B, tA, tB)), want, rel * 16, `matMul ${tA} ${tB}`);
            if (!b.autodiff) continue;
            // d op(A) = dy·op(B)ᵀ (m×k) and d op(B) = op(A)ᵀ·dy (k×n), transposed back for a transposed operand
            const dOpA = refMatMul(dyv, m, n, bv, br, bc, false, !tB);
            const dOpB = refMatMul(av, ar, ac, dyv, m, n, !tA, false);
            const wantA = tA ? transpose2(dOpA, m, k) : dOpA;
            const wantB = tB ? transpose2(dOpB, k, n) : dOpB;
            const { grads } = b.autodiff.vjp((x, y) => b.matMul(x, y, tA, tB), [A, B], b.fromArray(dyv, [m, n]));
            expectClose(b.toFloat64Array(grads[0]), wantA, rel * 16, `d A ${tA} ${tB}`);
            expectClose(b.toFloat64Array(grads[1]), wantB, rel * 16, `d B ${tA} ${tB}`);
          }
        }
      }));

    it('tidy releases intermediates and keeps what is returned or kept', () => {
      const before = b.memory().tensors;
      let kept: any;
      const { out, pair } = b.tidy(() => {
        const x = b.fromArray([1, 2, 3]);
        const y = b.mul(b.add(x, 1), 2);
        const inner = b.tidy(() => b.tanh(b.sub(y, 3)));
        kept = b.keep(b.fromArray([42]));
        return { out: y, pair: [inner, b.neg(inner)] };
      });
      // returned: out, pair[0], pair[1]; kept: one
      expect(b.memory().tensors - before).toBe(4);
      expect(Array.from(b.toFloat64Array(out))).toEqual([4, 6, 8]);
      expectClose(b.toFloat64Array(pair[1]), [1, 3, 5].map((v) => -Math.tanh(v)), rel * 4, 'nested tidy');
      const n = b.tidy(() => b.rms(b.fromArray([3, 4])));
      expectClose([n], [Math.sqrt(12.5)], rel * 4, 'tidy returning a number');
      b.dispose([out, ...pair]);
      b.dispose(out);
      expect(b.memory().tensors - before).toBe(1);
      expect(Array.from(b.toFloat64Array(kept))).toEqual([42]);
      b.dispose(kept);
      expect(b.memory().tensors).toBe(before);
    });

    it('accounts bytes held now and at peak', () => {
      const m0 = b.memory();
      const x = b.zeros([1000]);
      const m1 = b.memory();
      expect(m1.bytes - m0.bytes).toBe(1000 * bytesPer);
      expect(m1.tensors - m0.tensors).toBe(1);
      b.resetPeak();
      expect(b.memory().peakBytes).toBe(m1.bytes);
      const total = b.tidy(() => {
        const big = b.fill([5000], 1);
        return b.sum(big);
      });
      expect(b.toFloat64Array(total)[0]).toBe(5000);
      const m2 = b.memory();
      expect(m2.peakBytes).toBeGreaterThanOrEqual(m1.bytes + 5000 * bytesPer);
      expect(m2.bytes - m1.bytes).toBe(bytesPer); // the returned sum
      b.dispose(x);
      const m3 = b.memory();
      expect(m1.bytes - m3.bytes).toBe(1000 * bytesPer - bytesPer);
      expect(m3.tensors).toBe(m0.tensors + 1);
      expect(m3.peakBytes).toBe(m2.peakBytes);
      b.dispose(total);
      b.resetPeak();
      expect(b.memory().peakBytes).toBe(b.memory().bytes);
    });

    it('computes vector–Jacobian products like float64 finite differences, or has none', () => {
      if (!b.autodiff) {
        expect(target.dtype).toBe('float64');
        return;
      }
      const ad = b.autodiff;
      // f(x, W, c) = tanh(x·W + c) ⊙ x₀-independent scale; x: [2, 3], W: [3, 2], c: [2], output [2, 2]
      const xv = rand(6, 31);
      const wv = rand(6, 32);
      const cv = rand(2, 33);
      const dyv = rand(4, 34);
      const ref = (x: number[], w: number[], c: number[]) => {
        const z = refMatMul(x, 2, 3, w, 3, 2, false, false).map((v, i) => Math.tanh(v + c[i % 2]));
        return z.map((v, i) => v * v + 0.5 * v);
      };
      const refVjpFd = (k: number) => {
        const args = [xv, wv, cv].map((a) => a.slice());
        const h = 1e-6;
        return args[k].map((_, i) => {
          const up = args.map((a) => a.slice());
          const dn = args.map((a) => a.slice());
          up[k][i] += h;
          dn[k][i] -= h;
          const fu = ref(up[0], up[1], up[2]);
          const fd = ref(dn[0], dn[1], dn[2]);
          return fu.reduce((s, v, j) => s + dyv[j] * (v - fd[j]), 0) / (2 * h);
        });
      };
      const before = b.memory().tensors;
      const x = b.fromArray(xv, [2, 3]);
      const w = b.fromArray(wv, [3, 2]);
      const c = b.fromArray(cv);
      const unused = b.fromArray([1, 2]);
      const dy = b.fromArray(dyv, [2, 2]);
      const { value, grads } = ad.vjp(
        (xx, ww, cc) => {
          const z = b.tanh(b.add(b.matMul(xx, ww), cc));
          return b.add(b.mul(z, z), b.mul(z, 0.5));
        },
        [x, w, c, unused],
        dy,
      );
      expectClose(b.toFloat64Array(value), ref(xv, wv, cv), 1e-5, 'vjp value');
      expect(grads.map((g) => b.shape(g))).toEqual([[2, 3], [3, 2], [2], [2]]);
      for (let k = 0; k < 3; k++) expectClose(b.toFloat64Array(grads[k]), refVjpFd(k), 2e-5, `vjp input ${k}`);
      expect(Array.from(b.toFloat64Array(grads[3]))).toEqual([0, 0]);
      // fused ops are recorded by the tape too (a direct backprop through solver steps relies on it)
      {
        const u = b.fromArray([1, 2, 3]);
        const v = b.fromArray([-1, 0.5, 4]);
        const d = b.fromArray([0.5, -2, 1]);
        const r = ad.vjp((p, q) => b.lincomb([2, 0, -0.25], [p, u, b.mul(q, q)]), [u, v], d);
        expectClose(b.toFloat64Array(r.value), [2 - 0.25, 4 - 0.0625, 6 - 4], rel * 4, 'lincomb value');
        expectClose(b.toFloat64Array(r.grads[0]), [1, -4, 2], rel * 4, 'lincomb d/dp');
        expectClose(b.toFloat64Array(r.grads[1]), [0.25, 0.5, -2], rel * 4, 'lincomb d/dq');
        b.dispose([u, v, d, r.value, ...r.grads]);
      }
      // an identity function: value and cotangent are new tensors the caller may dispose
      {
        const u = b.fromArray([1, 2]);
        const d = b.fromArray([3, 4]);
        const r = ad.vjp((p) => p, [u], d);
        b.dispose([r.value, ...r.grads]);
        expect(Array.from(b.toFloat64Array(u))).toEqual([1, 2]);
        expect(Array.from(b.toFloat64Array(d))).toEqual([3, 4]);
        b.dispose([u, d]);
      }
      // value + 4 cotangents + 5 inputs: nothing else survives the tape
      expect(b.memory().tensors - before).toBe(10);
      b.dispose([x, w, c, unused, dy, value, ...grads]);
      expect(b.memory().tensors).toBe(before);
    });

    it('builds dynamics whose VJP comes from autodiff, with every way of seeing time', () => {
      const fRef = (t: number, y: number[], th: number[]) => y.map((v, i) => Math.sin(t) * Math.tanh(th[i] * v) + 0.1 * t * v);
      const f = (t: number, y: any, p: readonly any[]) =>
        b.add(b.mul(b.tanh(b.mul(y, p[0])), Math.sin(t)), b.mul(y, 0.1 * t));
      if (!b.autodiff) {
        expectCode(() => autodiffDynamics(b, f), 'NO_VJP');
        try {
          autodiffDynamics(b, f, { name: 'mine' });
        } catch (e) {
          expect(String((e as Error).message)).toMatch(/mine.*block.*equations.*autodiff backend.*vjp/s);
        }
        return;
      }
      const yv = [0.3, -0.7, 1.1];
      const thv = [0.5, 1.5, -2];
      const av = [1, -0.5, 0.25];
      const t = 0.8;
      const fdRef = (k: 'y' | 'th' | 't') => {
        const h = 1e-6;
        const dir = (arr: number[], i: number, s: number) => arr.map((v, j) => (j === i ? v + s * h : v));
        const ad = (fu: number[], fd: number[]) => fu.reduce((s, v, j) => s + av[j] * (v - fd[j]), 0) / (2 * h);
        if (k === 't') return [ad(fRef(t + h, yv, thv), fRef(t - h, yv, thv))];
        return yv.map((_, i) =>
          k === 'y' ? ad(fRef(t, dir(yv, i, 1), thv), fRef(t, dir(yv, i, -1), thv)) : ad(fRef(t, yv, dir(thv, i, 1)), fRef(t, yv, dir(thv, i, -1))),
        );
      };
      const before = b.memory().tensors;
      const y = b.fromArray(yv);
      const th = b.fromArray(thv);
      const a = b.fromArray(av);
      const numberTime = autodiffDynamics(b, f, { name: 'f' });
      const tensorTime = autodiffDynamics(
        b,
        (tt, yy, p) => b.add(b.mul(b.tanh(b.mul(yy, p[0])), b.sin(tt)), b.mul(b.mul(yy, tt), 0.1)),
        { time: 'tensor' },
      );
      const autonomous = autodiffDynamics(b, (_t, yy, p) => b.tanh(b.mul(yy, p[0])), { time: 'autonomous' });
      const ft = tensorTime.f(t, y, [th]);
      expectClose(b.toFloat64Array(ft), fRef(t, yv, thv), 1e-5, 'tensor-time f');
      b.dispose(ft);
      for (const [dyn, tTol] of [
        [numberTime, 1e-3],
        [tensorTime, 2e-5],
      ] as const) {
        const r = dyn.vjp!(t, y, a, [th]);
        expectClose(b.toFloat64Array(r.f), fRef(t, yv, thv), 1e-5, 'vjp f');
        expectClose(b.toFloat64Array(r.y), fdRef('y'), 2e-5, 'vjp y');
        expect(r.params.length).toBe(1);
        expectClose(b.toFloat64Array(r.params[0]), fdRef('th'), 2e-5, 'vjp θ');
        expectClose([r.t], fdRef('t'), tTol, 'vjp t');
        b.dispose([r.f, r.y, ...r.params]);
      }
      for (const dyn of [numberTime, tensorTime, autonomous]) {
        const live = b.memory().tensors;
        b.dispose(dyn.f(t, y, [th]));
        expect(b.memory().tensors, 'f releases its intermediates').toBe(live);
      }
      const wrong = autodiffDynamics(b, (_t, yy) => b.concat([yy, yy]), { name: 'doubled', time: 'autonomous' });
      for (const call of [() => wrong.f(t, y, []), () => wrong.vjp!(t, y, a, [])]) {
        const live = b.memory().tensors;
        expectCode(call, 'SHAPE_MISMATCH');
        expect(() => call()).toThrow(/doubled returned shape \[6\] at t = 0.8, but the state y has shape \[3\]/);
        expect(b.memory().tensors, 'nothing leaks when f fails').toBe(live);
      }
      {
        // and the next VJP still works
        const again = tensorTime.vjp!(t, y, a, [th]);
        expectClose(b.toFloat64Array(again.y), fdRef('y'), 2e-5, 'vjp y after a failure');
        b.dispose([again.f, again.y, ...again.params]);
      }
      const r = autonomous.vjp!(t, y, a, [th]);
      expect(r.t).toBe(0);
      b.dispose([r.f, r.y, ...r.params, y, th, a]);
      expect(b.memory().tensors).toBe(before);
    });
  });
}
