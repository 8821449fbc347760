import { describe, expect, it } from 'vitest';
import {
  BackendEquationDynamics,
  compileEquations,
  equationDynamics,
  isOdeflowError,
  jacobianEvaluator,
  JsBackend,
  resolveEquationSpec,
  type Dynamics,
  type EquationSpec,
  type JsTensor,
} from 'odeflow';

const js = new JsBackend();

const ROBERTSON: EquationSpec = {
  name: 'robertson',
  state: ['a', 'b', 'c'],
  params: { k1: 0.04, k2: 3e7, k3: 1e4 },
  equations: { a: '-k1*a + k3*b*c', b: 'k1*a - k3*b*c - k2*b^2', c: 'k2*b^2' },
};
const VDP: EquationSpec = { name: 'vdp', state: ['x', 'v'], params: { mu: 1000 }, equations: { x: 'v', v: 'mu*((1 - x^2)*v - x)' } };
/** 20 coupled states with transcendental terms and a time input: every entry of a band, shared subexpressions. */
const N = 20;
const names = Array.from({ length: N }, (_, i) => `u${i}`);
const CHAIN: EquationSpec = {
  name: 'chain',
  state: names,
  params: { k: 0.7 },
  time: 't',
  equations: Object.fromEntries(
    names.map((u, i) => [u, `${i > 0 ? names[i - 1] : '0'} - 2*${u} + ${i < N - 1 ? names[i + 1] : '0'} - k*sin(${u})*exp(-${u}^2) + cos(t)*tanh(${names[(i + 7) % N]})`]),
  ),
};

/** ∂f/∂y by central differences of the dynamics' own f, in float64. */
function centralDifferences(d: Dynamics<JsTensor>, params: JsTensor[], t: number, y: number[]): Float64Array {
  const n = y.length;
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(y[j]));
    const up = d.f(t, js.fromArray(y.map((v, k) => (k === j ? v + h : v))), params).data;
    const dn = d.f(t, js.fromArray(y.map((v, k) => (k === j ? v - h : v))), params).data;
    for (let i = 0; i < n; i++) out[i * n + j] = (up[i] - dn[i]) / (2 * h);
  }
  return out;
}

function maxRelative(a: Float64Array, b: Float64Array): number {
  let err = 0;
  let scale = 0;
  for (let k = 0; k < a.length; k++) {
    err = Math.max(err, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k]));
  }
  return err / scale;
}

describe('equations: the exact dense Jacobian, compiled from the symbolic partials', () => {
  it('matches the known Jacobians of Robertson and Van der Pol to rounding, on the js backend and through BackendEquationDynamics', () => {
    const y = [0.9, 3e-5, 0.1];
    const rob = equationDynamics(js, ROBERTSON);
    const known = [-0.04, 1e4 * y[2], 1e4 * y[1], 0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1], 0, 6e7 * y[1], 0];
    const backend = new BackendEquationDynamics(compileEquations(resolveEquationSpec(ROBERTSON)), js);
    for (const d of [rob.dynamics, backend] as Dynamics<JsTensor>[]) {
      const out = new Float64Array(9).fill(NaN);
      d.jacobian!(0, js.fromArray(y), rob.params, out);
      out.forEach((v, k) => expect(Math.abs(v - known[k])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(known[k]))));
    }
    const vdp = equationDynamics(js, VDP);
    const out = new Float64Array(4);
    vdp.dynamics.jacobian!(0, js.fromArray([2, -0.5]), vdp.params, out);
    expect(Array.from(out)).toEqual([0, 1, 1000 * (-2 * 2 * -0.5 - 1), 1000 * (1 - 4)]);
  });

  it('a 20-state system with a time input agrees with central differences, and jvp with J·v', () => {
    const made = equationDynamics(js, CHAIN);
    const y = Array.from({ length: N }, (_, i) => Math.cos(1.3 * i));
    const out = new Float64Array(N * N);
    made.dynamics.jacobian!(0.4, js.fromArray(y), made.params, out);
    expect(maxRelative(out, centralDifferences(made.dynamics as Dynamics<JsTensor>, made.params, 0.4, y))).toBeLessThan(1e-8);
    const v = Array.from({ length: N }, (_, i) => (i % 3) - 1);
    const jv = made.dynamics.jvp!(0.4, js.fromArray(y), js.fromArray(v), made.params).data;
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += out[i * N + j] * v[j];
      expect(jv[i]).toBeCloseTo(s, 12);
    }
    const backend = new BackendEquationDynamics(compileEquations(resolveEquationSpec(CHAIN)), js);
    const bjv = backend.jvp(0.4, js.fromArray(y), js.fromArray(v), made.params).data;
    bjv.forEach((x, i) => expect(x).toBe(jv[i]));
    // jacobianEvaluator takes the exact source
    expect(jacobianEvaluator(js, made.dynamics, made.params, N).source).toBe('jacobian');
  });

  it('fills the block-diagonal Jacobian of a batch [B, n], and names the entry that is not finite', () => {
    const made = equationDynamics(js, VDP);
    const out = new Float64Array(16).fill(NaN);
    made.dynamics.jacobian!(0, js.fromArray([2, -0.5, 1, 3], [2, 2]), made.params, out);
    expect(Array.from(out)).toEqual([0, 1, 0, 0, 1000 * (2 * 2 * 0.5 - 1), -3000, 0, 0, 0, 0, 0, 1, 0, 0, 1000 * (-2 * 3 - 1), 0]);
    // jvp row by row, forward mode: the block-diagonal J times v
    const v = [0.5, -1, 2, 0.25];
    const jv = made.dynamics.jvp!(0, js.fromArray([2, -0.5, 1, 3], [2, 2]), js.fromArray(v, [2, 2]), made.params);
    expect(jv.shape).toEqual([2, 2]);
    expect(Array.from(jv.data)).toEqual([0, 1, 2, 3].map((i) => v.reduce((s, x, j) => s + out[i * 4 + j] * x, 0)));
    const log = equationDynamics(js, { name: 'log', state: ['x'], equations: { x: 'log(x)' } });
    let caught: unknown;
    try {
      log.dynamics.jacobian!(1.5, js.fromArray([0]), [], new Float64Array(1));
    } catch (e) {
      caught = e;
    }
    expect(isOdeflowError(caught, 'NON_FINITE_STATE')).toBe(true);
    expect((caught as Error).message).toMatch(/log: ∂x'\/∂x evaluated to Infinity at t = 1.5 \(x = 0\)/);
    let short: unknown;
    try {
      made.dynamics.jacobian!(0, js.fromArray([1, 2]), made.params, new Float64Array(3));
    } catch (e) {
      short = e;
    }
    expect(isOdeflowError(short, 'SHAPE_MISMATCH')).toBe(true);
  });

  it('compiles the Jacobian of large equations in time linear in their size, sharing subexpressions', () => {
    const eq119 = 'sin(x)*cos(v)*exp(x*v)*tanh(x+v)*sqrt(1+x*x)*log(2+v*v)*atan(x*v)*cosh(x-v)*sinh(x/2)*x*v*x*v*x*v*(x+v)*(x-v)*(1+x)*v^2';
    const sum = Array.from({ length: 150 }, (_, i) => `${(i % 7) + 1}*x*v^${(i % 3) + 1}/${i + 1}`).join(' + ');
    for (const [v, ms] of [[eq119, 500], ['x*'.repeat(15) + 'x', 500], [`${'sin('.repeat(40)}x${')'.repeat(40)}`, 500], [sum, 2000]] as const) {
      const compiled = compileEquations(resolveEquationSpec({ name: `big ${v.length}`, state: ['x', 'v'], equations: { x: 'v', v } }));
      const t0 = performance.now();
      const kernel = compiled.jacobianKernel;
      expect(performance.now() - t0).toBeLessThan(ms);
      // shared subexpressions: the code stays within a small multiple of the VJP's
      expect(kernel.source.length).toBeLessThan(3 * compiled.kernels.source.vjp.length + 500);
    }
  });
});
