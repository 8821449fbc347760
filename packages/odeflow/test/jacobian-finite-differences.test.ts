import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  bindNamed,
  columnGroups,
  createContainer,
  functionDynamics,
  isOdeflowError,
  jacobianEvaluator,
  JsBackend,
  odeint,
  sparsityPattern,
  TOKENS,
  type OdeFunction,
  type OdeJacobian,
} from 'odeflow';
import { ImplicitEuler } from './plugins/implicit-euler.js';
import { thrownError as caught } from './helpers/thrown-error.js';

const be = new JsBackend();

const robertson: OdeFunction = (_t, y) => [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1], 3e7 * y[1] * y[1]];
const robertsonJ: OdeJacobian = (_t, y) => [
  [-0.04, 1e4 * y[2], 1e4 * y[1]],
  [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
  [0, 6e7 * y[1], 0],
];
const mu = 1000;
const vdp: OdeFunction = (_t, y) => [y[1], mu * ((1 - y[0] * y[0]) * y[1] - y[0])];
const vdpJ: OdeJacobian = (_t, y) => [
  [0, 1],
  [mu * (-2 * y[0] * y[1] - 1), mu * (1 - y[0] * y[0])],
];

/** max |J_fd − J| / max |J| at (t, y), the finite differences from f alone. */
function fdError(f: OdeFunction, jac: OdeJacobian, y: number[], typical?: number): number {
  const n = y.length;
  const exact = new Float64Array(n * n);
  const fd = new Float64Array(n * n);
  const yt = be.fromArray(y);
  jacobianEvaluator(be, functionDynamics(be, f, n, 'f', jac), [], n).evaluate(0, yt, exact);
  const ev = jacobianEvaluator(be, functionDynamics(be, f, n), [], n, typical === undefined ? {} : { typical });
  expect(ev.source).toBe('finite-differences');
  ev.evaluate(0, yt, fd);
  let err = 0;
  let scale = 0;
  for (let k = 0; k < n * n; k++) {
    err = Math.max(err, Math.abs(fd[k] - exact[k]));
    scale = Math.max(scale, Math.abs(exact[k]));
  }
  return err / scale;
}

// a tridiagonal system of 20 states: y'ᵢ = yᵢ₋₁ − 2yᵢ + yᵢ₊₁ − yᵢ³
const N = 20;
const chain: OdeFunction = (_t, y) => Array.from(y, (v, i) => (i > 0 ? y[i - 1] : 0) - 2 * v + (i < N - 1 ? y[i + 1] : 0) - v * v * v);
const chainJ: OdeJacobian = (_t, y) =>
  Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (j === i ? -2 - 3 * y[i] * y[i] : Math.abs(i - j) === 1 ? 1 : 0)));
const band = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => Math.abs(i - j) <= 1));


describe('finite-difference Jacobians, the fallback when the dynamics has neither jacobian nor jvp', () => {
  it('agree with the exact Jacobian to 1e-6 relative along Robertson and Van der Pol (μ = 1000) solutions', () => {
    // states on the solution (the step scale max(|yⱼ|, 1e-5) suits components that are small but nonzero)
    const states: number[][] = [
      [0.9999, 3.6e-5, 6.4e-5],
      [0.9886, 3.4e-5, 0.0114],
      [0.7158, 9.185e-6, 0.2842],
      [0.0493, 2.0e-7, 0.9507],
      [5e-6, 2e-11, 0.99999],
    ];
    for (const y of states) expect(fdError(robertson, robertsonJ, y), `Robertson at ${y}`).toBeLessThan(1e-6);
    // at y₀ = [1, 0, 0], ∂²f/∂y₁² = 6e7 needs a step below 1e-5 there: the tolerance as the scale of
    // insignificance (what a stepper passes as `typical`) gives it
    for (const y of [[1, 0, 0], ...states]) expect(fdError(robertson, robertsonJ, y, 1e-10), `Robertson at ${y}, typical = atol`).toBeLessThan(1e-6);
    for (const y of [[2, 0], [1.9, -0.0007], [-1.1, 800], [0.01, -1300], [1e-9, 1e-9]]) {
      expect(fdError(vdp, vdpJ, y), `Van der Pol at ${y}`).toBeLessThan(1e-6);
    }
  });

  it('redo a column that rounding dominates: a state component at exactly 0 of a system whose f is O(1)', () => {
    const y = be.fromArray(Array.from({ length: N }, (_, i) => Math.sin(i)));
    const exact = new Float64Array(N * N);
    jacobianEvaluator(be, functionDynamics(be, chain, N, 'chain', chainJ), [], N).evaluate(0, y, exact);
    const ev = jacobianEvaluator(be, functionDynamics(be, chain, N, 'chain', undefined, band), [], N);
    const out = new Float64Array(N * N);
    ev.evaluate(0, y, out);
    out.forEach((v, k) => expect(Math.abs(v - exact[k]), `entry ${k}`).toBeLessThan(1e-6));
    // y₀ = sin 0 = 0 lies in the first group: one more evaluation
    expect(ev.nfe).toBe(5);
  });

  it('group columns by a sparsity pattern (Curtis–Powell–Reid): a tridiagonal system of 20 needs 3 evaluations', () => {
    const rows = sparsityPattern(band, N);
    expect(columnGroups(rows).map((g) => Array.from(g))).toEqual([0, 1, 2].map((r) => Array.from({ length: N }, (_, j) => j).filter((j) => j % 3 === r)));
    const pairs: [number, number][] = [];
    band.forEach((row, i) => row.forEach((v, j) => v && pairs.push([i, j])));
    expect(sparsityPattern(pairs, N)).toEqual(rows);
    expect(columnGroups(sparsityPattern([[0, 0], [1, 1], [2, 2]], 3))).toHaveLength(1);

    const y = be.fromArray(Array.from({ length: N }, (_, i) => 1 + 0.5 * Math.sin(i)));
    const exact = new Float64Array(N * N);
    jacobianEvaluator(be, functionDynamics(be, chain, N, 'chain', chainJ), [], N).evaluate(0, y, exact);
    for (const sparsity of [band, pairs]) {
      const counter = { nfe: 0 };
      const ev = jacobianEvaluator(be, functionDynamics(be, chain, N, 'chain', undefined, sparsity), [], N, { counter });
      const out = new Float64Array(N * N).fill(NaN);
      ev.evaluate(0, y, out);
      expect(counter.nfe).toBe(4);
      expect(ev.nfe).toBe(4);
      const fy = be.fromArray(chain(0, y.data));
      ev.evaluate(0, y, out, fy);
      expect(counter.nfe).toBe(7);
      out.forEach((v, k) => expect(Math.abs(v - exact[k]), `entry ${k}`).toBeLessThan(1e-6));
    }
    // dense: one evaluation per column plus f(t, y)
    const dense = jacobianEvaluator(be, functionDynamics(be, chain, N), [], N);
    dense.evaluate(0, y, new Float64Array(N * N));
    expect(dense.nfe).toBe(N + 1);
  });

  it('count their f evaluations in Solution.stats.nfe and njev in stats.njev through a solve', () => {
    const solver = new ImplicitEuler();
    const container = createContainer([new ContainerModule((o) => bindNamed(o, TOKENS.Solver, solver.name, solver))]);
    const y0 = Array.from({ length: N }, (_, i) => Math.cos(i));
    const options = { method: 'implicit-euler', stepSize: 0.05, container };
    const exactJ = odeint(chain, y0, [0, 1], { ...options, jacobian: chainJ });
    const grouped = odeint(chain, y0, [0, 1], { ...options, jacobianSparsity: band });
    expect(grouped.stats.njev).toBe(20);
    const extraNewton = grouped.stats.newtonIterations - exactJ.stats.newtonIterations;
    expect(grouped.stats.nfe - exactJ.stats.nfe).toBe(4 * 20 + extraNewton);
    grouped.ys[1].forEach((v, i) => expect(Math.abs(v - exactJ.ys[1][i])).toBeLessThan(1e-8));
  });

  it('refuse a malformed sparsity pattern before the solve', () => {
    const cases: [unknown, string, RegExp][] = [
      [[[true, false]], 'SHAPE_MISMATCH', /jacobianSparsity has 1 rows but the state has 2 components/],
      [[[true, false], [true]], 'SHAPE_MISMATCH', /row 1 has 1 entries/],
      [[[true, 1], [true, true]], 'INVALID_ARGUMENT', /\[0\]\[1\] is number, not a boolean/],
      [[[0, 2]], 'INVALID_ARGUMENT', /entry 0 is \[0, 2\], outside the state's 2 components/],
      [[[0, 1], [1]], 'INVALID_ARGUMENT', /entry 1 is not an \[i, j\] pair/],
      ['band', 'INVALID_ARGUMENT', /must be an array/],
    ];
    for (const [sparsity, code, pattern] of cases) {
      const e = caught(() => odeint(vdp, [2, 0], [0, 1], { jacobianSparsity: sparsity as never }));
      expect(e.code, String(sparsity)).toBe(code);
      expect(e.message).toMatch(pattern);
      expect(e.message).toMatch(/Give 2 rows of 2 booleans/);
    }
  });

  it('are not an error for explicit methods, which ignore a sparsity pattern as they ignore a jacobian', () => {
    const plain = odeint(vdp, [2, 0], [0, 0.01], { rtol: 1e-8 });
    const patterned = odeint(vdp, [2, 0], [0, 0.01], { rtol: 1e-8, jacobianSparsity: [[0, 1], [1, 0], [1, 1]] });
    expect(Array.from(patterned.ys[1])).toEqual(Array.from(plain.ys[1]));
    expect(patterned.stats).toMatchObject({ njev: 0, nfe: plain.stats.nfe });
  });

  it('make implicit methods work with a plain f: the capability check no longer refuses it', () => {
    const solver = new ImplicitEuler({ name: 'ie', adaptive: true });
    const container = createContainer([new ContainerModule((o) => bindNamed(o, TOKENS.Solver, solver.name, solver))]);
    const sol = odeint(robertson, [1, 0, 0], [0, 1, 100], { method: 'ie', rtol: 1e-4, atol: 1e-8, container });
    expect(sol.status).toBe('success');
    expect(sol.stats.njev).toBeGreaterThan(0);
    // Robertson at t = 100: y₀ ≈ 0.6172 (Hairer–Wanner); first order at rtol 1e-4
    expect(Math.abs(sol.ys[2][0] - 0.6172)).toBeLessThan(5e-3);
    expect(Math.abs(sol.ys[2][0] + sol.ys[2][1] + sol.ys[2][2] - 1)).toBeLessThan(1e-8);
  });
});
