import { describe, expect, it } from 'vitest';
import { equationDynamics, isOdeflowError, JsBackend, JsEquationDynamics, type EquationSpec, type JsTensor } from 'odeflow';

const js = new JsBackend();

const PENDULUM: EquationSpec = {
  state: ['theta', 'omega'],
  params: { b: 0.25, c: 5 },
  equations: { theta: 'omega', omega: '-b*omega - c*sin(theta)' },
};

const FORCED: EquationSpec = {
  state: ['theta', 'omega'],
  params: { b: 0.25, c: 5, A: 0.7, w: 1.3 },
  equations: { theta: 'omega', omega: '-b*omega - c*sin(theta) + A*cos(w*t)' },
};

const LOTKA_VOLTERRA: EquationSpec = {
  state: ['x', 'y'],
  params: { alpha: 1.1, beta: 0.4, delta: 0.1, gamma: 0.4 },
  equations: { x: 'alpha*x - beta*x*y', y: 'delta*x*y - gamma*y' },
};

const values = (x: JsTensor): number[] => Array.from(x.data);

/** f as a function of (t, y, θ) on plain numbers, through the equation dynamics. */
function evaluator(spec: EquationSpec) {
  const { dynamics } = equationDynamics(js, spec);
  return (t: number, y: number[], theta: number[]): number[] => {
    const params = theta.map((v) => js.fromArray([v], [1]));
    const yt = js.fromArray(y);
    const out = dynamics.f(t, yt, params);
    const r = values(out);
    js.dispose([out, yt, ...params]);
    return r;
  };
}

/** Check the VJP against central differences of aᵀf in y, θ and t (float64, step 1e-6). */
function checkVjp(spec: EquationSpec, t: number, y: number[], a: number[], theta?: number[]): void {
  const made = equationDynamics(js, spec);
  const th = theta ?? made.params.map((p) => p.data[0]);
  const params = th.map((v) => js.fromArray([v], [1]));
  const f = evaluator(spec);
  const dot = (v: number[]) => v.reduce((s, x, i) => s + x * a[i], 0);
  const h = 1e-6;
  const fd = (g: (e: number) => number) => (g(h) - g(-h)) / (2 * h);
  const r = made.dynamics.vjp!(t, js.fromArray(y), js.fromArray(a), params);
  const close = (got: number, want: number, what: string) =>
    expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThan(1e-7 * (1 + Math.abs(want)));
  expect(values(r.f)).toEqual(f(t, y, th));
  y.forEach((_, j) => close(r.y.data[j], fd((e) => dot(f(t, y.map((v, k) => (k === j ? v + e : v)), th))), `d/dy${j}`));
  th.forEach((_, k) => close(r.params[k].data[0], fd((e) => dot(f(t, y, th.map((v, i) => (i === k ? v + e : v))))), `d/d${made.paramNames[k]}`));
  close(r.t, fd((e) => dot(f(t + e, y, th))), 'd/dt');
}

describe('equationDynamics: f', () => {
  it('the pendulum from equations equals the hand-written f, for one state and a batch', () => {
    const { dynamics, params, paramNames, stateNames } = equationDynamics(js, PENDULUM);
    expect(paramNames).toEqual(['b', 'c']);
    expect(stateNames).toEqual(['theta', 'omega']);
    expect(params.map((p) => [...p.shape])).toEqual([[1], [1]]);
    expect(params.map((p) => p.data[0])).toEqual([0.25, 5]);
    const hand = (y: number[]) => [y[1], -0.25 * y[1] - 5 * Math.sin(y[0])];
    for (const y of [[0.3, -0.2], [Math.PI - 0.1, 0], [-2, 7]]) {
      expect(values(dynamics.f(0, js.fromArray(y), params))).toEqual(hand(y));
    }
    const batch = js.fromArray([0.3, -0.2, Math.PI - 0.1, 0, -2, 7], [3, 2]);
    const out = dynamics.f(0, batch, params);
    expect([...out.shape]).toEqual([3, 2]);
    expect(values(out)).toEqual([...hand([0.3, -0.2]), ...hand([Math.PI - 0.1, 0]), ...hand([-2, 7])]);
  });

  it('fInto writes the same values, also over its own input, and allocates nothing', () => {
    const { dynamics, params } = equationDynamics(js, LOTKA_VOLTERRA);
    expect(dynamics).toBeInstanceOf(JsEquationDynamics);
    const y = js.fromArray([10, 5, 3, 2], [2, 2]);
    const want = values(dynamics.f(0, y, params));
    const out = js.zeros([2, 2]);
    const before = js.memory().bytes;
    dynamics.fInto!(0, y, params, out);
    expect(js.memory().bytes).toBe(before);
    expect(values(out)).toEqual(want);
    dynamics.fInto!(0, y, params, y);
    expect(values(y)).toEqual(want);
    expect(want.slice(0, 2)).toEqual([1.1 * 10 - 0.4 * 10 * 5, 0.1 * 10 * 5 - 0.4 * 5]);
  });

  it('a time symbol, the constants pi and e, and parameters given by name only', () => {
    const { dynamics, params } = equationDynamics(js, {
      state: ['u'],
      params: ['k'],
      time: 's',
      equations: { u: 'k*u + sin(pi*s) + e' },
    });
    expect(params[0].data[0]).toBe(0);
    const k = js.fromArray([2], [1]);
    expect(values(dynamics.f(0.25, js.fromArray([3]), [k]))).toEqual([2 * 3 + Math.sin(Math.PI * 0.25) + Math.E]);
    // A declared symbol named e shadows the constant.
    const shadow = equationDynamics(js, { state: ['x'], params: { e: 3 }, equations: { x: 'e*x' } });
    expect(values(shadow.dynamics.f(0, js.fromArray([2]), shadow.params))).toEqual([6]);
  });

  it('every whitelisted function evaluates like Math', () => {
    const spec: EquationSpec = {
      state: ['x', 'y'],
      equations: {
        x: 'sin(x) + cos(y) + tan(x) + exp(y) + log(x) + sqrt(x) + abs(y) + tanh(x) + sinh(y) + cosh(x)',
        y: 'asin(x) + acos(x) + atan(y) + pow(x, y) + x^3 + min(x, y, 0.1) + max(x, y) + 2x - +y',
      },
    };
    const [x, y] = [0.4, -0.3];
    const got = evaluator(spec)(0, [x, y], []);
    expect(got[0]).toBeCloseTo(
      Math.sin(x) + Math.cos(y) + Math.tan(x) + Math.exp(y) + Math.log(x) + Math.sqrt(x) + Math.abs(y) + Math.tanh(x) + Math.sinh(y) + Math.cosh(x),
      14,
    );
    expect(got[1]).toBeCloseTo(Math.asin(x) + Math.acos(x) + Math.atan(y) + x ** y + x ** 3 + Math.min(x, y, 0.1) + Math.max(x, y) + 2 * x - y, 14);
  });

  it('reports the symbolic Jacobian in the user\'s names', () => {
    const { jacobian } = equationDynamics(js, FORCED);
    // Columns: theta, omega, b, c, A, w, t.
    expect(jacobian[0]).toEqual(['0', '1', '0', '0', '0', '0', '0']);
    expect(jacobian[1][0]).toBe('-(c * cos(theta))');
    expect(jacobian[1][2]).toBe('-omega');
    expect(jacobian[1][6]).toContain('sin(w * t)');
  });
});

describe('equationDynamics: VJP against central finite differences (float64)', () => {
  it('pendulum: y and params', () => checkVjp(PENDULUM, 0, [0.7, -1.3], [0.6, -1.1]));
  it('forced pendulum: y, params and t', () => checkVjp(FORCED, 0.9, [0.7, -1.3], [0.6, -1.1]));
  it('Lotka–Volterra', () => checkVjp(LOTKA_VOLTERRA, 0, [10, 5], [0.3, 0.8]));
  it('every whitelisted function, including the derivatives mathjs writes with sec and sech', () => {
    checkVjp(
      {
        state: ['x', 'y', 'z'],
        params: { k: 1.7, m: 0.6 },
        equations: {
          x: 'sin(k*x) * cos(y) + tan(x) - exp(-m*y) + log(x*z) + sqrt(z)',
          y: 'abs(y - k) + tanh(m*x) + sinh(y) * cosh(z) + pow(z, m) + x^k',
          z: 'asin(x/2) + acos(y/3) + atan(z*k) + min(x, y) + max(y, z, m) + 1/(1 + x^2) - t^2*k',
        },
      },
      0.8,
      [0.45, -0.35, 0.9],
      [0.3, -0.7, 1.2],
    );
  });

  it('abs, min and max have the subgradient 0 (or the average) at a kink, not NaN', () => {
    const { dynamics } = equationDynamics(js, { state: ['x', 'y'], equations: { x: 'abs(x)', y: 'min(x, y) + max(x, y)' } });
    const r = dynamics.vjp!(0, js.fromArray([0, 0]), js.fromArray([1, 1]), []);
    expect(values(r.y)).toEqual([1, 1]);
  });

  it('a batch sums the parameter and time cotangents over its rows', () => {
    const { dynamics, params } = equationDynamics(js, FORCED);
    const rows = [[0.7, -1.3], [0.1, 2]];
    const as = [[0.6, -1.1], [1, 0.5]];
    const one = rows.map((y, i) => dynamics.vjp!(0.9, js.fromArray(y), js.fromArray(as[i]), params));
    const both = dynamics.vjp!(0.9, js.fromArray(rows.flat(), [2, 2]), js.fromArray(as.flat(), [2, 2]), params);
    expect(values(both.y)).toEqual([...values(one[0].y), ...values(one[1].y)]);
    expect(values(both.f)).toEqual([...values(one[0].f), ...values(one[1].f)]);
    both.params.forEach((g, k) => expect(g.data[0]).toBeCloseTo(one[0].params[k].data[0] + one[1].params[k].data[0], 14));
    expect(both.t).toBeCloseTo(one[0].t + one[1].t, 14);
  });

  it('vjpInto overwrites or accumulates the parameter cotangents and allocates nothing', () => {
    const { dynamics, params } = equationDynamics(js, PENDULUM);
    const d = dynamics as JsEquationDynamics;
    const y = js.fromArray([0.7, -1.3]);
    const a = js.fromArray([0.6, -1.1]);
    const ref = d.vjp(0, y, a, params);
    const out = { y: js.zeros([2]), params: [js.fill([1], 10), js.fill([1], 10)] };
    const before = js.memory().bytes;
    d.vjpInto(0, y, a, params, out);
    d.vjpInto(0, y, a, params, out, true);
    expect(js.memory().bytes).toBe(before);
    expect(values(out.y)).toEqual(values(ref.y));
    out.params.forEach((g, k) => expect(g.data[0]).toBe(2 * ref.params[k].data[0]));
  });

  it('releases everything it allocates', () => {
    const backend = new JsBackend();
    const { dynamics, params } = equationDynamics(backend, PENDULUM);
    const base = backend.memory().bytes;
    const y = backend.fromArray([0.7, -1.3]);
    const a = backend.fromArray([0.6, -1.1]);
    const r = dynamics.vjp!(0, y, a, params);
    const f = dynamics.f(0, y, params);
    backend.dispose([y, a, f, r.f, r.y, ...r.params]);
    expect(backend.memory().bytes).toBe(base);
  });
});

describe('equationDynamics: shapes', () => {
  const { dynamics, params } = equationDynamics(js, PENDULUM);
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      return isOdeflowError(e) ? e.code : String(e);
    }
    return undefined;
  };
  it('refuses states that are not [n] or [B, n]', () => {
    expect(code(() => dynamics.f(0, js.fromArray([1, 2, 3]), params))).toBe('SHAPE_MISMATCH');
    expect(code(() => dynamics.f(0, js.fromArray([1, 2, 3, 4, 5, 6], [2, 3]), params))).toBe('SHAPE_MISMATCH');
    expect(code(() => dynamics.f(0, js.fromArray([1, 2, 3, 4], [1, 2, 2]), params))).toBe('SHAPE_MISMATCH');
    expect(code(() => dynamics.vjp!(0, js.fromArray([1, 2]), js.fromArray([1, 2, 3]), params))).toBe('SHAPE_MISMATCH');
    expect(code(() => dynamics.fInto!(0, js.fromArray([1, 2]), params, js.zeros([3])))).toBe('SHAPE_MISMATCH');
  });
  it('refuses a wrong number of parameters or a parameter that is not one number', () => {
    expect(code(() => dynamics.f(0, js.fromArray([1, 2]), params.slice(0, 1)))).toBe('SHAPE_MISMATCH');
    expect(code(() => dynamics.f(0, js.fromArray([1, 2]), [params[0], js.fromArray([1, 2])]))).toBe('SHAPE_MISMATCH');
    // A scalar tensor (shape []) is one number too.
    expect(values(dynamics.f(0, js.fromArray([0, 1]), [js.fromArray([0.25], []), params[1]]))).toEqual([1, -0.25]);
  });
});
