import type { Dynamics, DynamicsVjp, JsBackend, JsTensor } from '@odeflow/core';

/** y' = A·y with A (n×n) the only parameter; a second, unused parameter checks exact zeros. */
export function linearDynamics(be: JsBackend): Dynamics<JsTensor> {
  const apply = (A: Float64Array, x: Float64Array, n: number, transpose: boolean) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += (transpose ? A[j * n + i] : A[i * n + j]) * x[j];
    return out;
  };
  return {
    name: 'linear',
    f: (_t, y, [A]) => be.wrap(apply(A.data, y.data, y.size, false), y.shape),
    vjp(_t, y, a, params): DynamicsVjp<JsTensor> {
      const n = y.size;
      const [A] = params;
      const gA = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) gA[i * n + j] = a.data[i] * y.data[j];
      return {
        f: be.wrap(apply(A.data, y.data, n, false), y.shape),
        y: be.wrap(apply(A.data, a.data, n, true), y.shape),
        params: [be.wrap(gA, A.shape), ...params.slice(1).map((p) => be.zeros(p.shape))],
        t: 0,
      };
    },
  };
}

/**
 * The (optionally driven) damped pendulum θ'' = −bθ' − c·sin θ + F·cos(Ωt): state [θ, ω], parameter
 * p = [b, c]; further parameters are accepted and never used.
 */
export function pendulumDynamics(be: JsBackend, drive = 0, omega = 1): Dynamics<JsTensor> {
  const f = (t: number, y: JsTensor, p: JsTensor) => {
    const [th, w] = y.data;
    const [b, c] = p.data;
    return be.wrap(Float64Array.of(w, -b * w - c * Math.sin(th) + drive * Math.cos(omega * t)), y.shape);
  };
  return {
    name: 'pendulum',
    f: (t, y, [p]) => f(t, y, p),
    vjp(t, y, a, params): DynamicsVjp<JsTensor> {
      const [th, w] = y.data;
      const [b, c] = params[0].data;
      const [a0, a1] = a.data;
      return {
        f: f(t, y, params[0]),
        y: be.wrap(Float64Array.of(-a1 * c * Math.cos(th), a0 - a1 * b), y.shape),
        params: [be.wrap(Float64Array.of(-a1 * w, -a1 * Math.sin(th)), [2]), ...params.slice(1).map((q) => be.zeros(q.shape))],
        t: -a1 * drive * omega * Math.sin(omega * t),
      };
    },
  };
}

/**
 * f(y) = W2·tanh(W1·g(y) + b1) + b2 with a hand-written VJP; g(y) = y, or y³ for the spiral task.
 * Parameters [W1 (h×n), b1 (h), W2 (n×h), b2 (n)].
 */
export function mlpDynamics(be: JsBackend, cube = false): Dynamics<JsTensor> {
  const forward = (y: Float64Array, [W1, b1, W2, b2]: readonly JsTensor[]) => {
    const n = y.length;
    const h = b1.size;
    const x = cube ? y.map((v) => v * v * v) : y;
    const hid = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      let s = b1.data[i];
      for (let j = 0; j < n; j++) s += W1.data[i * n + j] * x[j];
      hid[i] = Math.tanh(s);
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = b2.data[i];
      for (let j = 0; j < h; j++) s += W2.data[i * h + j] * hid[j];
      out[i] = s;
    }
    return { x, hid, out };
  };
  return {
    name: cube ? 'mlp(y³)' : 'mlp',
    f: (_t, y, params) => be.wrap(forward(y.data, params).out, y.shape),
    vjp(_t, y, a, params): DynamicsVjp<JsTensor> {
      const [W1, b1, W2] = params;
      const n = y.size;
      const h = b1.size;
      const { x, hid, out } = forward(y.data, params);
      const ad = a.data;
      const gW2 = new Float64Array(n * h);
      const gHid = new Float64Array(h);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < h; j++) {
          gW2[i * h + j] = ad[i] * hid[j];
          gHid[j] += ad[i] * W2.data[i * h + j];
        }
      }
      const gPre = gHid.map((g, j) => g * (1 - hid[j] * hid[j]));
      const gW1 = new Float64Array(h * n);
      const gx = new Float64Array(n);
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < n; j++) {
          gW1[i * n + j] = gPre[i] * x[j];
          gx[j] += gPre[i] * W1.data[i * n + j];
        }
      }
      const gy = cube ? gx.map((g, j) => 3 * y.data[j] * y.data[j] * g) : gx;
      return {
        f: be.wrap(out, y.shape),
        y: be.wrap(gy, y.shape),
        params: [be.wrap(gW1, W1.shape), be.wrap(gPre, b1.shape), be.wrap(gW2, W2.shape), be.fromArray(ad, params[3].shape)],
        t: 0,
      };
    },
  };
}

/** Deterministic pseudo-random numbers in [−scale, scale] (a small LCG), so tests never flake. */
export function seeded(seed: number): (scale?: number) => number {
  let s = seed >>> 0;
  return (scale = 1) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (2 * (s / 2 ** 32) - 1) * scale;
  };
}

/** MLP parameters [W1, b1, W2, b2] for n → h → n, small random weights. */
export function mlpParams(be: JsBackend, n: number, h: number, seed = 1, scale = 0.5): JsTensor[] {
  const r = seeded(seed);
  const arr = (k: number) => Array.from({ length: k }, () => r(scale));
  return [be.fromArray(arr(h * n), [h, n]), be.fromArray(arr(h), [h]), be.fromArray(arr(n * h), [n, h]), be.fromArray(arr(n), [n])];
}

/**
 * MLP parameters for n = 2 with tied structure W2 = J·W1ᵀ (J the quarter turn) and b2 = 0, so that
 * f(y) = J·∇Φ(y) with Φ = Σ log cosh(W1·y + b1): a Hamiltonian flow whose orbits neither grow nor
 * collapse — the step count grows linearly with the horizon and backsolving z stays stable.
 */
export function hamiltonianMlpParams(be: JsBackend, h: number, seed = 1, scale = 1): JsTensor[] {
  const r = seeded(seed);
  const W1 = Array.from({ length: h * 2 }, () => r(scale));
  const b1 = Array.from({ length: h }, () => r(scale));
  // J = [[0, 1], [−1, 0]]: row 0 of W2 is column 1 of W1, row 1 is −column 0
  const W2 = [...Array.from({ length: h }, (_, j) => W1[j * 2 + 1]), ...Array.from({ length: h }, (_, j) => -W1[j * 2])];
  return [be.fromArray(W1, [h, 2]), be.fromArray(b1, [h]), be.fromArray(W2, [2, h]), be.zeros([2])];
}
