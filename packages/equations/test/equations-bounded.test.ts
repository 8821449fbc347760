// Building equation dynamics costs time linear in the size of the equations: derivatives are expression DAGs
// (reverse mode, shared subexpressions, local rewrites only) and the generated code computes each shared
// subexpression once. Before, mathjs's `simplify` took 43 s on a 14-factor product and never returned on others.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { equationDynamics, isOdeflowError, JsBackend, type EquationSpec } from 'odeflow';

const js = new JsBackend();
const product = (n: number): string => Array(n).fill('x').join('*');
const nested = (f: string, n: number, inner: string): string => `${`${f}(`.repeat(n)}${inner}${')'.repeat(n)}`;
const EQ119 = 'sin(x)*cos(v)*exp(x*v)*tanh(x+v)*sqrt(1+x*x)*log(2+v*v)*atan(x*v)*cosh(x-v)*sinh(x/2)*x*v*x*v*x*v*(x+v)*(x-v)*(1+x)*v^2';
const sum = (n: number): string => Array.from({ length: n }, (_, i) => `${(i % 7) + 1}*x*v^${(i % 3) + 1}/${i + 1}`).join(' + ');

function timed<R>(fn: () => R): [R, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

/** f and the VJP of a spec at (t, y, a), on plain numbers. */
function evaluate(spec: EquationSpec, t: number, y: number[], a: number[], theta?: number[]) {
  const made = equationDynamics(js, spec);
  const params = (theta ?? made.params.map((p) => p.data[0])).map((v) => js.fromArray([v], [1]));
  const r = made.dynamics.vjp!(t, js.fromArray(y), js.fromArray(a), params);
  return { f: Array.from(r.f.data), y: Array.from(r.y.data), params: r.params.map((g) => g.data[0]), t: r.t };
}

/** The VJP against central differences of aᵀf (float64, relative 1e-6). */
function checkAgainstDifferences(spec: EquationSpec, y: number[], a: number[]): void {
  const got = evaluate(spec, 0.3, y, a);
  const dot = (yy: number[]) => evaluate(spec, 0.3, yy, a).f.reduce((s, v, i) => s + v * a[i], 0);
  y.forEach((v, j) => {
    const h = 1e-5 * Math.max(1, Math.abs(v));
    const want = (dot(y.map((w, k) => (k === j ? w + h : w))) - dot(y.map((w, k) => (k === j ? w - h : w)))) / (2 * h);
    expect(Math.abs(got.y[j] - want), `d/dy${j}: ${got.y[j]} vs ${want}`).toBeLessThan(1e-6 * Math.abs(want) + 1e-9);
  });
}

const twoStates = (v: string): EquationSpec => ({ name: `v = ${v.slice(0, 30)}… (${v.length})`, state: ['x', 'v'], equations: { x: 'v', v } });

describe('building equation dynamics takes time linear in the size of the equations', () => {
  // Loading mathjs (once per process) is not building.
  beforeAll(() => equationDynamics(js, twoStates('x*x')));
  const cases: [string, string, number][] = [
    ['a product of 14 factors (27 characters; 43 s before)', product(14), 500],
    ['a product of 16 factors (> 60 s before)', product(16), 500],
    ['sin nested 40 deep (> 30 s before)', nested('sin', 40, 'x'), 500],
    ['a 119-character equation (never returned before)', EQ119, 500],
    ['a sum of 150 terms', sum(150), 2000],
  ];
  it.each(cases)('%s: built, with its VJP, well within the bound', (_what, v, ms) => {
    const [made, elapsed] = timed(() => equationDynamics(js, twoStates(v)));
    expect(made.dynamics.vjp).toBeTypeOf('function');
    expect(elapsed).toBeLessThan(ms);
  });

  it('the 27-character equation builds in under 100 ms (median of 5 fresh builds)', () => {
    const times = Array.from({ length: 5 }, (_, k) => timed(() => equationDynamics(js, { ...twoStates(product(14)), name: `fresh ${k}` }))[1]);
    expect(times.sort((p, q) => p - q)[2]).toBeLessThan(100);
  });

  it('long chains are one level of nesting: a sum of 700 terms and a product of 3,000 factors build', () => {
    const [, sumMs] = timed(() => equationDynamics(js, twoStates(sum(700))));
    expect(sumMs).toBeLessThan(5000);
    const [made, productMs] = timed(() => equationDynamics(js, twoStates(product(3000))));
    expect(productMs).toBeLessThan(5000);
    // Unfolded, ∂(x^3000)/∂x is 3000 products of 2999 factors: the text is capped, the code is not unfolded.
    expect(made.jacobian[1][0]).toMatch(/too long to print/);
    const f = made.dynamics.vjp!(0, js.fromArray([1.0001, 0]), js.fromArray([0, 1]), []);
    expect(Math.abs(f.y.data[0] - 3000 * 1.0001 ** 2999) / (3000 * 1.0001 ** 2999)).toBeLessThan(1e-12);
  });
});

describe('the derivatives of those equations equal finite differences (float64, relative 1e-6)', () => {
  it('a product of 14 factors', () => checkAgainstDifferences(twoStates(product(14)), [0.93, 0.4], [0.3, 1.1]));
  it('sin nested 40 deep', () => checkAgainstDifferences(twoStates(nested('sin', 40, '2*x + v')), [0.7, -0.2], [0.3, 1.1]));
  it('the 119-character equation', () => checkAgainstDifferences(twoStates(EQ119), [0.6, 0.4], [0.3, 1.1]));
  it('a sum of 150 terms', () => checkAgainstDifferences(twoStates(sum(150)), [0.8, -0.6], [0.3, 1.1]));
  it('nested tanh, exp and log with shared subexpressions', () =>
    checkAgainstDifferences(twoStates(`${nested('tanh', 20, 'x*v')} + exp(x*v)*log(1 + (x*v)^2) / (1 + exp(x*v))`), [0.5, 0.9], [0.7, -0.4]));
});

interface Recorded {
  label: string;
  spec: EquationSpec;
  t: number;
  y: number[];
  a: number[];
  f: number[];
  vy: number[];
  vp: number[];
  vt: number;
}

describe('f and the VJP equal the results of the mathjs-simplify implementation on the existing problems', () => {
  const recorded = JSON.parse(readFileSync(new URL('./fixtures/main-vjp.json', import.meta.url), 'utf8')) as Recorded[];
  const close = (got: number, want: number, what: string) =>
    expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-14 * Math.abs(want));
  it.each(recorded.map((r) => [r.label, r] as const))('%s', (_label, r) => {
    const got = evaluate(r.spec, r.t, r.y, r.a);
    // f is computed by the same operations as before: bit for bit.
    expect(got.f).toEqual(r.f);
    r.vy.forEach((v, j) => close(got.y[j], v, `aᵀ∂f/∂y${j}`));
    r.vp.forEach((v, k) => close(got.params[k], v, `aᵀ∂f/∂θ${k}`));
    close(got.t, r.vt, 'aᵀ∂f/∂t');
  });
});

describe('size limits, each with its code, the equation and the limit', () => {
  const refusal = (spec: unknown) => {
    const [err, ms] = timed(() => {
      try {
        equationDynamics(js, spec as EquationSpec);
      } catch (e) {
        return e;
      }
      return undefined;
    });
    expect(isOdeflowError(err), String(err)).toBe(true);
    expect(ms).toBeLessThan(2000);
    return err as { code: string; message: string; details?: Record<string, unknown> };
  };
  it.each([
    ['brackets nested 4,000 deep', `${'('.repeat(4000)}x${')'.repeat(4000)}`],
    ['5,000 unary minus signs', `${'-'.repeat(5000)}x`],
    ['a chain of 3,000 powers', `x${'^x'.repeat(3000)}`],
    ['sin nested 201 deep', nested('sin', 201, 'x')],
  ])('%s: UNSAFE_EXPRESSION naming the limit of 200 levels, not a stack overflow', (_what, v) => {
    const e = refusal(twoStates(v));
    expect(e.code).toBe('UNSAFE_EXPRESSION');
    expect(e.details?.path).toBe('equations.v');
    expect(e.details?.limit).toBe(200);
    expect(e.message).toContain('nested deeper than 200 levels');
  });
  it('an expression over 10,000 characters: UNSAFE_EXPRESSION with the limit', () => {
    const e = refusal(twoStates(`x${'+x'.repeat(5000)}`));
    expect([e.code, e.details?.limit]).toEqual(['UNSAFE_EXPRESSION', 10_000]);
  });
  it('more than 1,000 states, parameters or equations, or 100,000 characters in all: EQUATION_TOO_LARGE', () => {
    const names = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const states = names(1001, 's');
    let e = refusal({ state: states, equations: Object.fromEntries(states.map((s) => [s, '1'])) });
    expect([e.code, e.details?.path, e.details?.limit]).toEqual(['EQUATION_TOO_LARGE', 'state', 1000]);
    expect(e.message).toContain('1001');
    e = refusal({ state: ['x'], params: names(1001, 'p'), equations: { x: '1' } });
    expect([e.code, e.details?.path, e.details?.limit]).toEqual(['EQUATION_TOO_LARGE', 'params', 1000]);
    e = refusal({ state: ['x'], equations: Object.fromEntries(names(1001, 'q').map((s) => [s, '1'])) });
    expect([e.code, e.details?.path]).toEqual(['EQUATION_TOO_LARGE', 'equations']);
    const wide = names(20, 'w');
    e = refusal({ state: wide, equations: Object.fromEntries(wide.map((s) => [s, `${s}${' + 1'.repeat(1500)}`])) });
    expect([e.code, e.details?.limit]).toEqual(['EQUATION_TOO_LARGE', 100_000]);
    // A sparse array claims a huge length: refused before anything is allocated or walked.
    e = refusal({ state: new Array(1e9), equations: {} });
    expect(e.code).toBe('EQUATION_TOO_LARGE');
  });
});

describe('pipeline validation (what `odeflow validate` runs) of equation blocks is bounded too', () => {
  const spec = (block: Record<string, unknown>) => ({
    version: 1,
    name: 'bounded',
    stages: [
      { id: 'data', kind: 'pendulum', points: 20, tEnd: 2 },
      { id: 'model-block', kind: 'block', block: { kind: 'equations', ...block } },
      { id: 'model', kind: 'ode', dynamics: 'model-block', data: 'data' },
    ],
  });
  it('a spec with the 119-character equation validates in well under a second', async () => {
    const { createPipelineContainer, pipelineIssues } = await import('odeflow/node');
    const container = createPipelineContainer();
    pipelineIssues(spec({ state: ['x', 'v'], equations: { x: 'v', v: '-x' } }), { container }); // mathjs loaded
    const [issues, ms] = timed(() => pipelineIssues(spec({ state: ['x', 'v'], equations: { x: 'v', v: EQ119 } }), { container }));
    expect(issues).toEqual([]);
    expect(ms).toBeLessThan(1000);
  });
  it('a block over a size limit is a spec issue with the code EQUATION_TOO_LARGE at its path', async () => {
    const { createPipelineContainer, pipelineIssues } = await import('odeflow/node');
    const params = Array.from({ length: 1001 }, (_, i) => `k${i}`);
    const issues = pipelineIssues(spec({ state: ['x', 'v'], params, equations: { x: 'v', v: '-x' } }), { container: createPipelineContainer() });
    expect(issues.map((i) => [i.path, i.code])).toEqual([['stages[1].block.params', 'EQUATION_TOO_LARGE']]);
  });
});
