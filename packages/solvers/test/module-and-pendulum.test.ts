import { JsBackend, listNamed, resolveNamed, TOKENS, bindNamed, type JsTensor, type Dynamics } from '@odeflow/core';
import {
  BUILTIN_SOLVERS, DEFAULT_SOLVER, ExplicitRungeKutta, PIController, dopri5, dopri8, integrate, rk4, solversModule, type StepRecord,
} from '@odeflow/solvers';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';

describe('solversModule', () => {
  it('binds every method by name and the step-size controllers', () => {
    const c = new Container();
    c.load(solversModule);
    const names = listNamed(c, TOKENS.Solver);
    expect(names).toEqual([...BUILTIN_SOLVERS.map((s) => s.name)].sort());
    for (const n of ['euler', 'midpoint', 'heun2', 'ralston', 'heun3', 'rk4', 'adams_bashforth', 'ab2', 'ab5', 'adaptive_heun', 'fehlberg2', 'bosh3', 'dopri5', 'tsit5', 'dopri8']) {
      const s = resolveNamed(c, TOKENS.Solver, n, 'solver');
      expect(s.name).toBe(n);
      expect(typeof s.order).toBe('number');
      expect(typeof s.interpolantOrder).toBe('number');
      expect(typeof s.fsal).toBe('boolean');
      expect(s.description.length).toBeGreaterThan(0);
    }
    expect(DEFAULT_SOLVER).toBe('dopri5');
    expect(listNamed(c, TOKENS.StepSizeController)).toEqual(['constant', 'pi']);
    expect(() => resolveNamed(c, TOKENS.Solver, 'dopri6', 'solver')).toThrow(/Known solvers: .*dopri5/);
  });

  it('introspection: orders, FSAL, adaptivity and interpolant orders of the built-ins', () => {
    const info = Object.fromEntries(BUILTIN_SOLVERS.map((s) => [s.name, [s.order, s.errorOrder ?? null, s.adaptive, s.fsal, s.interpolantOrder, s.stages]]));
    expect(info.dopri5).toEqual([5, 4, true, true, 4, 6]);
    expect(info.tsit5).toEqual([5, 4, true, true, 4, 6]);
    expect(info.dopri8).toEqual([8, 7, true, true, 7, 12]);
    expect(info.bosh3).toEqual([3, 2, true, true, 3, 3]);
    expect(info.rk4).toEqual([4, null, false, false, 3, 4]);
    expect(info.adams_bashforth).toEqual([4, null, false, false, 3, 1]);
  });

  it('a user registers their own tableau by name and solves with it', () => {
    const c = new Container();
    c.load(solversModule);
    // Kutta's classic third-order method, written by the user
    const kutta3 = new ExplicitRungeKutta({
      name: 'kutta3', order: 3,
      tableau: { c: [0, 1 / 2, 1], a: [[], [1 / 2], [-1, 2]], b: [1 / 6, 2 / 3, 1 / 6] },
    });
    bindNamed(c, TOKENS.Solver, 'kutta3', kutta3);
    const solver = resolveNamed(c, TOKENS.Solver, 'kutta3', 'solver');
    const be = new JsBackend();
    const y0 = be.fromArray([1]);
    const errAt = (h: number) => {
      const sol = integrate({ backend: be, dynamics: { f: (_t, y) => be.fromArray([-y.data[0]]) }, y0, ts: [0, 1], solver, options: { stepSize: h } });
      return Math.abs(sol.ys[1].data[0] - Math.exp(-1));
    };
    expect(Math.log2(errAt(0.02) / errAt(0.01))).toBeCloseTo(3, 0);
    expect(listNamed(c, TOKENS.Solver)).toContain('kutta3');
  });

  it('a controller resolved by name replaces the built-in one', () => {
    const c = new Container();
    c.load(solversModule);
    const be = new JsBackend();
    const y0 = be.fromArray([1]);
    const dynamics = { f: (_t: number, y: JsTensor) => be.fromArray([-y.data[0]]) };
    const constant = resolveNamed(c, TOKENS.StepSizeController, 'constant', 'controller');
    const sol = integrate({ backend: be, dynamics, y0, ts: [0, 1], solver: dopri5, controller: constant, options: { firstStep: 0.125, rtol: 1e-12, atol: 1e-12 } });
    // every step accepted at the first step size, whatever the error says
    expect(sol.stats).toMatchObject({ accepted: 8, rejected: 0 });
    const pi = resolveNamed(c, TOKENS.StepSizeController, 'pi', 'controller');
    const a = integrate({ backend: be, dynamics, y0, ts: [0, 1], solver: dopri5, controller: pi, options: { rtol: 1e-8, atol: 1e-8 } });
    const b = integrate({ backend: be, dynamics, y0, ts: [0, 1], solver: dopri5, options: { rtol: 1e-8, atol: 1e-8 } });
    expect(a.stats).toEqual(b.stats);
    expect(() => integrate({ backend: be, dynamics, y0, ts: [0, 1], solver: dopri5, controller: {} as never })).toThrow(/StepSizeController/);
  });

  it('the PI controller: integral-only by default, proportional part when asked', () => {
    const pi = new PIController();
    expect(pi.decide(0, 1, 4, 1)).toEqual({ accept: true, dtNext: 10 });
    expect(pi.decide(2 ** 5, 1, 4, 1)).toEqual({ accept: false, dtNext: 0.45 });
    expect(pi.decide(1e5, 1, 4, 1)).toEqual({ accept: false, dtNext: 0.2 });
    expect(pi.decide(0.5, 1, 4, 1).dtNext).toBeCloseTo(0.9 * 0.5 ** -0.2, 14);
    const withP = new PIController({ pcoeff: 0.4, icoeff: 0.3 });
    expect(withP.decide(0.5, 1, 4, 0.25).dtNext).toBeCloseTo(0.9 * 0.5 ** (-0.7 / 5) * 0.25 ** (0.4 / 5), 14);
  });
});

describe('the pendulum of issue 2', () => {
  it('dopri5 at rtol = atol = 1e-10 matches float64 references (rk4 with dt = 1e-3, dopri8 at 1e-13) to 1e-6 relative', () => {
    const be = new JsBackend();
    const pendulum: Dynamics<JsTensor> = {
      name: 'damped pendulum',
      f: (_t, y) => be.fromArray([y.data[1], -0.25 * y.data[1] - 5 * Math.sin(y.data[0])]),
      fInto: (_t, y, _p, out) => {
        out.data[0] = y.data[1];
        out.data[1] = -0.25 * y.data[1] - 5 * Math.sin(y.data[0]);
      },
    };
    const y0 = be.fromArray([Math.PI - 0.1, 0]);
    const ts = Array.from({ length: 101 }, (_, i) => i * 0.1);
    const sol = integrate({ backend: be, dynamics: pendulum, y0, ts, solver: dopri5, options: { rtol: 1e-10, atol: 1e-10 } });
    const viaRk4 = integrate({ backend: be, dynamics: pendulum, y0, ts, solver: rk4, options: { stepSize: 1e-3 } });
    const viaDopri8 = integrate({ backend: be, dynamics: pendulum, y0, ts, solver: dopri8, options: { rtol: 1e-13, atol: 1e-13 } });
    expect(sol.status).toBe('success');
    expect(sol.ys).toHaveLength(101);
    for (const ref of [viaRk4, viaDopri8]) {
      for (let i = 0; i < ts.length; i++) {
        const r = ref.ys[i].data;
        const y = sol.ys[i].data;
        const rel = Math.max(Math.abs(y[0] - r[0]), Math.abs(y[1] - r[1])) / Math.max(Math.abs(r[0]), Math.abs(r[1]));
        expect(rel, `t = ${ts[i]}`).toBeLessThan(1e-6);
      }
    }
    // the two references agree with each other far below that
    const refGap = Math.max(...ts.map((_, i) => Math.abs(viaRk4.ys[i].data[0] - viaDopri8.ys[i].data[0])));
    expect(refGap).toBeLessThan(1e-9);
    expect(sol.stats.steps).toBe(sol.stats.accepted + sol.stats.rejected);
    const steps: StepRecord<JsTensor>[] = [];
    integrate({ backend: be, dynamics: pendulum, y0, ts, solver: dopri5, options: { rtol: 1e-10, atol: 1e-10 }, recorder: { onStep: (r) => steps.push(r) } });
    expect(steps).toHaveLength(sol.stats.accepted);
  });
});
