import { describe, expect, it } from 'vitest';
import { isOdeflowError, odeint, type OdeflowError } from 'odeflow';

const b = 0.25;
const c = 5.0;
const pendulum = (_t: number, y: Float64Array) => [y[1], -b * y[1] - c * Math.sin(y[0])];
const ts101 = Array.from({ length: 101 }, (_, i) => i / 10);

/** Classic RK4 with a tiny fixed step, written out here so the reference shares no code with odeflow. */
function rk4Reference(f: (t: number, y: Float64Array) => number[], y0: number[], ts: number[], h: number): Float64Array[] {
  const out: Float64Array[] = [Float64Array.from(y0)];
  let y = Float64Array.from(y0);
  let t = ts[0];
  const n = y.length;
  const add = (a: Float64Array, s: number, k: number[]) => Float64Array.from(a, (v, i) => v + s * k[i]);
  for (let j = 1; j < ts.length; j++) {
    const steps = Math.round((ts[j] - t) / h);
    const dt = (ts[j] - t) / steps;
    for (let s = 0; s < steps; s++) {
      const k1 = f(t, y);
      const k2 = f(t + dt / 2, add(y, dt / 2, k1));
      const k3 = f(t + dt / 2, add(y, dt / 2, k2));
      const k4 = f(t + dt, add(y, dt, k3));
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) next[i] = y[i] + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      y = next;
      t += dt;
    }
    t = ts[j];
    out.push(y);
  }
  return out;
}

function expectCode(fn: () => unknown, code: OdeflowError['code'], message?: RegExp): OdeflowError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isOdeflowError(caught), `expected an OdeflowError ${code}, got ${String(caught)}`).toBe(true);
  const err = caught as OdeflowError;
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
}

describe('odeint: the pendulum quick start', () => {
  it('matches a float64 reference to 1e-6 relative error at rtol = atol = 1e-10 on all 101 points', () => {
    const sol = odeint(pendulum, [Math.PI - 0.1, 0], ts101, { rtol: 1e-10, atol: 1e-10 });
    const ref = rk4Reference(pendulum, [Math.PI - 0.1, 0], ts101, 2e-4);
    expect(sol.status).toBe('success');
    expect(sol.ts).toEqual(ts101);
    expect(sol.ys).toHaveLength(101);
    let worst = 0;
    for (let i = 0; i < 101; i++) {
      const e = Math.hypot(sol.ys[i][0] - ref[i][0], sol.ys[i][1] - ref[i][1]);
      worst = Math.max(worst, e / Math.hypot(ref[i][0], ref[i][1]));
    }
    expect(worst).toBeLessThan(1e-6);
    expect(sol.stats.nfe).toBeGreaterThan(0);
    expect(sol.stats.steps).toBe(sol.stats.accepted + sol.stats.rejected);
  });

  it('reports nfe, steps, accepted and rejected consistently for dopri5 (6 evaluations a step plus FSAL start)', () => {
    const sol = odeint(pendulum, [Math.PI - 0.1, 0], [0, 10], { rtol: 1e-6, atol: 1e-6 });
    const { nfe, steps, accepted, rejected } = sol.stats;
    expect(accepted).toBeGreaterThan(10);
    expect(steps).toBe(accepted + rejected);
    // FSAL: the first evaluation, two for Hairer's initial step, then 6 a step.
    expect(nfe).toBeGreaterThanOrEqual(6 * steps);
    expect(nfe).toBeLessThanOrEqual(6 * steps + 4);
  });
});

describe('odeint: bad input gets a clear error', () => {
  const f = (_t: number, y: Float64Array) => [-y[0]];
  it('refuses NaN and ±Infinity in y0', () => {
    expectCode(() => odeint(f, [Number.NaN], [0, 1]), 'INVALID_ARGUMENT', /y0\[0\]/);
    expectCode(() => odeint(f, [Infinity], [0, 1]), 'INVALID_ARGUMENT', /finite/);
    expectCode(() => odeint(f, [-Infinity], [0, 1]), 'INVALID_ARGUMENT');
  });
  it('refuses empty, non-monotone or non-finite ts', () => {
    expectCode(() => odeint(f, [1], []), 'INVALID_ARGUMENT');
    expectCode(() => odeint(f, [1], [0, 1, 1]), 'INVALID_ARGUMENT', /monoton/i);
    expectCode(() => odeint(f, [1], [0, 2, 1]), 'INVALID_ARGUMENT', /monoton/i);
    expectCode(() => odeint(f, [1], [0, Number.NaN]), 'INVALID_ARGUMENT');
    expectCode(() => odeint(f, [1], [0, Infinity]), 'INVALID_ARGUMENT');
  });
  it('refuses rtol/atol that are not positive and finite', () => {
    expectCode(() => odeint(f, [1], [0, 1], { rtol: 0 }), 'INVALID_ARGUMENT', /rtol/);
    expectCode(() => odeint(f, [1], [0, 1], { atol: -1e-6 }), 'INVALID_ARGUMENT', /atol/);
    expectCode(() => odeint(f, [1], [0, 1], { rtol: Number.NaN }), 'INVALID_ARGUMENT', /rtol/);
    expectCode(() => odeint(f, [1], [0, 1], { atol: Infinity }), 'INVALID_ARGUMENT', /atol/);
  });
  it('refuses an f that returns the wrong length', () => {
    expectCode(() => odeint(() => [1, 2], [1], [0, 1]), 'SHAPE_MISMATCH', /2 values.*1 component/);
  });
  it('refuses an f that returns NaN, naming t', () => {
    const err = expectCode(() => odeint((t) => [t > 0.5 ? Number.NaN : 1], [0], [0, 1]), 'NON_FINITE_STATE', /t = /);
    expect(err.details?.t as number).toBeGreaterThan(0.5);
  });
  it('refuses an unknown solver name, listing the known ones', () => {
    expectCode(() => odeint(f, [1], [0, 1], { method: 'dopri6' }), 'UNKNOWN_NAME', /dopri5.*tsit5|tsit5.*dopri5/);
  });
  it('stops after maxSteps, reporting the t reached', () => {
    const err = expectCode(() => odeint(f, [1], [0, 100], { maxSteps: 5, rtol: 1e-12, atol: 1e-12 }), 'MAX_STEPS_EXCEEDED', /t = ?\d/);
    expect(err.message).toMatch(/maxSteps/);
  });
  it('returns the partial solution instead of throwing with throwOnFailure: false', () => {
    const sol = odeint(f, [1], [0, 1, 100], { maxSteps: 20, rtol: 1e-12, atol: 1e-12, throwOnFailure: false });
    expect(sol.status).toBe('max_steps_exceeded');
    expect(sol.message).toMatch(/maxSteps/);
  });
  it('refuses unknown option keys: a typo is never silently ignored', () => {
    expectCode(() => odeint(f, [1], [0, 1], { rtoll: 1e-6 } as never), 'INVALID_ARGUMENT', /rtoll/);
  });
});

describe('odeint: events and norms on the plain Float64Array state', () => {
  it('locates a terminal event: a ball dropped from 10 m lands at √(2h/g)', () => {
    const g = 9.81;
    const sol = odeint((_t, y) => [y[1], -g], [10, 0], [0, 5], {
      events: [{ fn: (_t, y) => y[0], direction: 'falling', terminal: true }],
      rtol: 1e-10,
      atol: 1e-10,
    });
    expect(sol.status).toBe('terminated');
    expect(sol.events).toHaveLength(1);
    expect(sol.events[0].t).toBeCloseTo(Math.sqrt(20 / g), 9);
    expect(sol.events[0].y[0]).toBeCloseTo(0, 9);
    expect(sol.events[0].direction).toBe(-1);
  });

  it('uses a user norm written on Float64Arrays (max norm instead of RMS)', () => {
    const calls: number[] = [];
    const maxNorm = (err: Float64Array, y0: Float64Array, y1: Float64Array, rtol: number | Float64Array, atol: number | Float64Array) => {
      let m = 0;
      for (let i = 0; i < err.length; i++) {
        const sc = (typeof atol === 'number' ? atol : atol[i]) + (typeof rtol === 'number' ? rtol : rtol[i]) * Math.max(Math.abs(y0[i]), Math.abs(y1[i]));
        m = Math.max(m, Math.abs(err[i]) / sc);
      }
      calls.push(m);
      return m;
    };
    const f = (_t: number, y: Float64Array) => [y[1], -y[0]];
    const rms = odeint(f, [1, 0], [0, 10], { rtol: 1e-8, atol: 1e-8 });
    const max = odeint(f, [1, 0], [0, 10], { rtol: 1e-8, atol: 1e-8, norm: maxNorm });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every(Number.isFinite)).toBe(true);
    // the max norm is never below the RMS norm: at least as many steps
    expect(max.stats.accepted).toBeGreaterThanOrEqual(rms.stats.accepted);
    expect(Math.abs(max.ys[1][0] - Math.cos(10))).toBeLessThan(1e-6);
  });
});
