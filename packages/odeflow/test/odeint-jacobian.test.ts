import { describe, expect, it } from 'vitest';
import { ContainerModule } from 'inversify';
import { bindNamed, createContainer, functionDynamics, isOdeflowError, JsBackend, odeint, TOKENS, type OdeJacobian } from 'odeflow';
import { ImplicitEuler } from './plugins/implicit-euler.js';

// Van der Pol with μ = 3: a coupled, non-symmetric Jacobian, so rows and columns cannot be confused.
const mu = 3;
const vdp = (_t: number, y: Float64Array) => [y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]];
const rows: OdeJacobian = (_t, y) => [
  [0, 1],
  [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] * y[0])],
];
const flat: OdeJacobian = (t, y) => Float64Array.from((rows(t, y) as number[][]).flat());

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isOdeflowError(e), String(e)).toBe(true);
    return (e as Error).message;
  }
  return 'no error';
}

describe('odeint-style dynamics with a user jacobian', () => {
  const be = new JsBackend();
  const y = be.fromArray([0.7, -1.3]);

  it('writes ∂f/∂y row-major, matching central differences of f in float64, from rows or a flat array', () => {
    const h = 1e-6;
    const fd: number[] = [];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const up = Float64Array.from(y.data);
        const dn = Float64Array.from(y.data);
        up[j] += h;
        dn[j] -= h;
        fd.push((vdp(0, up)[i] - vdp(0, dn)[i]) / (2 * h));
      }
    }
    for (const jac of [rows, flat]) {
      const d = functionDynamics(be, vdp, 2, 'vdp', jac);
      const out = new Float64Array(4).fill(NaN);
      d.jacobian!(0.5, y, [], out);
      out.forEach((x, k) => expect(x).toBeCloseTo(fd[k], 8));
      const v = be.fromArray([2, -1]);
      const jv = d.jvp!(0.5, y, v, []);
      expect(jv.data[0]).toBeCloseTo(fd[0] * 2 - fd[1], 8);
      expect(jv.data[1]).toBeCloseTo(fd[2] * 2 - fd[3], 8);
      be.dispose([v, jv]);
    }
    expect(functionDynamics(be, vdp, 2).jacobian).toBeUndefined();
  });

  it('refuses a Jacobian of the wrong shape with SHAPE_MISMATCH and the time', () => {
    const out = new Float64Array(4);
    const bad: [string, OdeJacobian, RegExp][] = [
      ['one row', () => [[0, 1]], /jacobian of f returned 1 rows at t = 0.25; return 2 rows of 2 numbers/],
      ['a long row', () => [[0, 1], [1, 2, 3]], /returned row 1 with 3 entries/],
      ['a short flat array', () => new Float64Array(3), /returned 3 numbers at t = 0.25.*or 4 numbers row-major/],
      ['no array', () => 7 as never, /returned 7/],
    ];
    for (const [what, jac, pattern] of bad) {
      const d = functionDynamics(be, vdp, 2, 'f', jac);
      let code = '';
      try {
        d.jacobian!(0.25, y, [], out);
      } catch (e) {
        code = (e as { code: string }).code;
        expect((e as Error).message, what).toMatch(pattern);
      }
      expect(code, what).toBe('SHAPE_MISMATCH');
    }
    expect(message(() => functionDynamics(be, vdp, 2, 'f', rows).jacobian!(0, y, [], new Float64Array(3)))).toMatch(/holds 3 entries.*needs 4/);
  });

  it('refuses a NaN or infinite entry with NON_FINITE_STATE naming the entry', () => {
    const nan: OdeJacobian = () => [[0, 1], [NaN, 0]];
    const inf: OdeJacobian = () => Float64Array.from([0, Infinity, 0, 0]);
    let caught: unknown;
    try {
      functionDynamics(be, vdp, 2, 'vdp', nan).jacobian!(1.5, y, [], new Float64Array(4));
    } catch (e) {
      caught = e;
    }
    expect(isOdeflowError(caught, 'NON_FINITE_STATE')).toBe(true);
    expect((caught as Error).message).toMatch(/jacobian of vdp returned NaN for ∂f1\/∂y0 at t = 1.5/);
    expect(message(() => functionDynamics(be, vdp, 2, 'vdp', inf).jacobian!(0, y, [], new Float64Array(4)))).toMatch(/Infinity for ∂f0\/∂y1/);
  });

  it('odeint refuses a jacobian option that is not a function, and explicit methods ignore a valid one', () => {
    expect(message(() => odeint(vdp, [1, 0], [0, 1], { jacobian: [[0, 1]] as never }))).toMatch(/INVALID_ARGUMENT.*jacobian must be a function/);
    const plain = odeint(vdp, [1, 0], [0, 1], { rtol: 1e-8 });
    const withJ = odeint(vdp, [1, 0], [0, 1], { rtol: 1e-8, jacobian: rows });
    expect(Array.from(withJ.ys[1])).toEqual(Array.from(plain.ys[1]));
    expect(withJ.stats).toMatchObject({ njev: 0, nlu: 0, newtonIterations: 0, newtonFailures: 0 });
  });

  it('through an implicit solve: a wrong-shaped Jacobian is SHAPE_MISMATCH, and writing into y changes nothing', () => {
    const solver = new ImplicitEuler();
    const container = createContainer([new ContainerModule((o) => bindNamed(o, TOKENS.Solver, solver.name, solver))]);
    const options = { method: 'implicit-euler', stepSize: 0.01, container };
    let caught: unknown;
    try {
      odeint(vdp, [1, 0], [0, 1], { ...options, jacobian: () => [[0, 1, 2], [1, 2, 3]] });
    } catch (e) {
      caught = e;
    }
    expect(isOdeflowError(caught, 'SHAPE_MISMATCH')).toBe(true);
    expect((caught as Error).message).toMatch(/returned row 0 with 3 entries at t = 0\.01; return 2 rows of 2 numbers/);
    const clean = odeint(vdp, [1, 0], [0, 1], { ...options, jacobian: rows });
    const scribbling: OdeJacobian = (t, y) => {
      const r = rows(t, y);
      y.fill(1e6);
      return r;
    };
    const scribbled = odeint(vdp, [1, 0], [0, 1], { ...options, jacobian: scribbling });
    expect(Array.from(scribbled.ys[1])).toEqual(Array.from(clean.ys[1]));
    expect(scribbled.stats.njev).toBe(100);
  });
});
