import type { Dynamics, JsTensor } from '@odeflow/core';
import { BUILTIN_SOLVERS, dopri5, integrate, rk4, tsit5 } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';
import { be } from './problems.js';

// x'' = −x from (1, 0): x = cos t crosses zero falling at π/2 + 2kπ and rising at 3π/2 + 2kπ
const oscillator: Dynamics<JsTensor> = { f: (_t, y) => be.fromArray([y.data[1], -y.data[0]]), jacobian: (_t, _y, _p, out) => out.set([0, 1, -1, 0]) };
const x = (_t: number, y: JsTensor) => y.data[0];
const options = { rtol: 1e-11, atol: 1e-11 };

describe('events', () => {
  it('non-terminal crossings in both directions are all located to tolerance, with state and direction', () => {
    const y0 = be.fromArray([1, 0]);
    const sol = integrate({ backend: be, dynamics: oscillator, y0, ts: [0, 10], solver: dopri5, options: { ...options, events: [{ fn: x }] } });
    expect(sol.status).toBe('success');
    const expected = [Math.PI / 2, (3 * Math.PI) / 2, (5 * Math.PI) / 2];
    expect(sol.events.map((e) => e.t)).toHaveLength(3);
    sol.events.forEach((e, i) => {
      expect(Math.abs(e.t - expected[i])).toBeLessThan(1e-9);
      expect(e.direction).toBe(i % 2 === 0 ? -1 : 1);
      expect(e.index).toBe(0);
      expect(e.terminal).toBe(false);
      expect(Math.abs(e.y.data[0])).toBeLessThan(1e-9);
      expect(Math.abs(e.y.data[1] + Math.sin(e.t))).toBeLessThan(1e-9);
    });
    be.dispose([y0, ...sol.ys, ...sol.events.map((e) => e.y)]);
  });

  it('direction filters crossings, several event functions are reported in time order', () => {
    const y0 = be.fromArray([1, 0]);
    const sol = integrate({
      backend: be, dynamics: oscillator, y0, ts: [0, 10], solver: tsit5,
      options: { ...options, events: [{ fn: x, direction: 'rising' }, { fn: (_t, y) => y.data[1], direction: 'falling' }] },
    });
    // v = −sin t falls through 0 at t = 2π only (t = 0 is a zero at the start, not a crossing)
    expect(sol.events.map((e) => [e.index, Number(e.t.toFixed(8))])).toEqual([
      [0, Number(((3 * Math.PI) / 2).toFixed(8))],
      [1, Number((2 * Math.PI).toFixed(8))],
    ]);
    be.dispose([y0, ...sol.ys, ...sol.events.map((e) => e.y)]);
  });

  it('a terminal event stops the solve: status terminated, outputs only up to the event', () => {
    const y0 = be.fromArray([1, 0]);
    const ts = Array.from({ length: 11 }, (_, i) => i * 0.5);
    const sol = integrate({
      backend: be, dynamics: oscillator, y0, ts, solver: dopri5, options: { ...options, dense: true, events: [{ fn: x, terminal: true }] },
    });
    expect(sol.status).toBe('terminated');
    expect(sol.message).toMatch(/Terminal event 0 at t = 1\.5707/);
    expect(sol.events).toHaveLength(1);
    expect(sol.ts).toEqual([0, 0.5, 1, 1.5]);
    expect(() => sol.evaluate!(1.6)).toThrow(/integrated interval/);
    be.dispose([y0, ...sol.ys, sol.events[0].y]);
  });

  it('every method locates the event to the requested time tolerance on its own dense output', () => {
    for (const solver of BUILTIN_SOLVERS) {
      const y0 = be.fromArray([1, 0]);
      const tight = solver.order >= 3 ? 1e-12 : 1e-8;
      const opts = solver.adaptive ? { rtol: tight, atol: tight } : { stepSize: solver.order >= 4 ? 0.002 : solver.order >= 2 ? 1e-4 : 2e-5 };
      const sol = integrate({ backend: be, dynamics: oscillator, y0, ts: [0, 1.6], solver, options: { ...opts, events: [{ fn: x, terminal: true, tol: 1e-13 }] } });
      expect(sol.status, solver.name).toBe('terminated');
      const tol = solver.order >= 3 ? 1e-7 : solver.order === 2 ? 1e-5 : 1e-4;
      expect(Math.abs(sol.events[0].t - Math.PI / 2), solver.name).toBeLessThan(tol);
      be.dispose([y0, ...sol.ys, sol.events[0].y]);
    }
  });

  it('a zero exactly at a step end is one crossing, reported at that time', () => {
    const y0 = be.fromArray([1, 0]);
    const sol = integrate({
      backend: be, dynamics: oscillator, y0, ts: [0, 1], solver: rk4,
      options: { stepSize: 0.25, events: [{ fn: (t) => t - 0.5 }, { fn: (t) => t - 0.6 }] },
    });
    expect(sol.events.map((e) => [e.index, e.t])).toEqual([[0, 0.5], [1, 0.6]]);
    // at a step end the event state is the step's own result
    expect(Math.abs(sol.events[0].y.data[0] - Math.cos(0.5))).toBeLessThan(1e-4);
    be.dispose([y0, ...sol.ys, ...sol.events.map((e) => e.y)]);
  });

  it('a loose event tolerance is honoured as a bound on t, and backward solves find events too', () => {
    const y0 = be.fromArray([1, 0]);
    const loose = integrate({ backend: be, dynamics: oscillator, y0, ts: [0, 2], solver: dopri5, options: { ...options, events: [{ fn: x, tol: 1e-3 }] } });
    expect(Math.abs(loose.events[0].t - Math.PI / 2)).toBeLessThan(1e-3);
    const yEnd = be.fromArray([Math.cos(3), -Math.sin(3)]);
    // going back from t = 3, x = cos t rises through 0 at π/2 (along the direction of integration)
    const back = integrate({ backend: be, dynamics: oscillator, y0: yEnd, ts: [3, 0], solver: dopri5, options: { ...options, events: [{ fn: x, direction: 'rising' }] } });
    expect(back.events).toHaveLength(1);
    expect(Math.abs(back.events[0].t - Math.PI / 2)).toBeLessThan(1e-9);
    be.dispose([y0, yEnd, ...loose.ys, ...back.ys, loose.events[0].y, back.events[0].y]);
  });
});
