import { describe, expect, it } from 'vitest';
import { JsBackend, odeint, SOLVE_LIMITS } from 'odeflow';
import { thrownError as errorOf } from './helpers/thrown-error.js';


const decay = (_t: number, y: Float64Array) => [-y[0]];

describe('odeint reads only plain, own option values', () => {
  it('a __proto__ key from JSON.parse is refused, naming the key, instead of changing rtol', () => {
    const e = errorOf(() => odeint(decay, [1], [0, 1], JSON.parse('{"__proto__": {"rtol": 1}}')));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/"__proto__"/);
    expect(e.details).toMatchObject({ key: '__proto__' });
  });

  it('a __proto__ key hiding an unknown option does not slip past the unknown-key check', () => {
    const e = errorOf(() => odeint(decay, [1], [0, 1], JSON.parse('{"__proto__": {"rtoll": 1}}')));
    expect(e.code).toBe('INVALID_ARGUMENT');
  });

  it('constructor and prototype keys are refused', () => {
    for (const key of ['constructor', 'prototype']) {
      const e = errorOf(() => odeint(decay, [1], [0, 1], JSON.parse(`{"${key}": 1}`)));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toContain(`"${key}"`);
    }
  });

  it('inherited options (Object.create) are refused, not read', () => {
    const e = errorOf(() => odeint(decay, [1], [0, 1], Object.create({ rtol: 1 })));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/prototype/);
  });

  it('a polluted Object.prototype does not set an option', () => {
    const clean = odeint(decay, [1], [0, 1]).ys[1][0];
    const proto = Object.prototype as unknown as Record<string, unknown>;
    proto.rtol = 1;
    try {
      expect(odeint(decay, [1], [0, 1], {}).ys[1][0]).toBe(clean);
    } finally {
      delete proto.rtol;
    }
  });

  it('a getter option is refused without being called', () => {
    let called = false;
    const options = {
      get rtol() {
        called = true;
        return 1e-3;
      },
    };
    const e = errorOf(() => odeint(decay, [1], [0, 1], options));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/getter/);
    expect(called).toBe(false);
  });

  it('event specs are read the same way', () => {
    const e = errorOf(() => odeint(decay, [1], [0, 1], { events: [JSON.parse('{"__proto__": {"terminal": true}}')] }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/events\[0\]/);
  });
});

describe('odeint takes numbers only, nothing converted', () => {
  it('f returning a string, a boolean or null is INVALID_ARGUMENT naming the component, not a NaN failure', () => {
    for (const bad of ['1', true, null]) {
      const e = errorOf(() => odeint(() => [0, bad as unknown as number], [1, 2], [0, 1]));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toMatch(/component 1/);
      expect(e.message).toMatch(/must return numbers/);
    }
  });

  it('y0 entries that are null, strings or booleans are refused naming the index; typed arrays are accepted', () => {
    for (const bad of [null, '1', true]) {
      const e = errorOf(() => odeint(decay, [1, bad as unknown as number], [0, 1]));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toMatch(/y0\[1\]/);
    }
    expect(odeint(decay, Float64Array.of(1), [0, 1]).ys[1][0]).toBeCloseTo(Math.exp(-1), 6);
    expect(odeint(decay, Float32Array.of(1), Float64Array.of(0, 1)).ys[1][0]).toBeCloseTo(Math.exp(-1), 6);
  });

  it('JsBackend.fromArray refuses null and strings instead of making them 0 and 1', () => {
    const be = new JsBackend();
    expect(errorOf(() => be.fromArray([null] as unknown as number[])).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => be.fromArray(['1'] as unknown as number[])).message).toMatch(/value \[0\] is a string/);
    expect(Array.from(be.fromArray([1, 2]).data)).toEqual([1, 2]);
  });
});

describe('odeint: events and norms that return invalid values', () => {
  it('an event function returning NaN is NON_FINITE_STATE naming the event and t', () => {
    const e = errorOf(() => odeint(decay, [1], [0, 1], { events: [{ fn: (t) => (t > 0.5 ? NaN : t - 2) }] }));
    expect(e.code).toBe('NON_FINITE_STATE');
    expect(e.message).toMatch(/Event function 0 returned NaN at t = /);
    expect((e.details as { event: number }).event).toBe(0);
  });

  it('an event function returning a string is refused the same way', () => {
    const e = errorOf(() => odeint(decay, [1], [0, 1], { events: [{ fn: () => 'x' as unknown as number }] }));
    expect(e.code).toBe('NON_FINITE_STATE');
    expect(e.message).toMatch(/returned a string at t = 0/);
  });

  it('every crossing of sin(1e4 t) is located when dtMax is below half its period', () => {
    const g = { fn: (t: number) => Math.sin(1e4 * t) };
    const sol = odeint(() => [1], [0], [0, 1], { events: [g], dtMax: 1e-4 });
    expect(sol.events.length).toBe(Math.floor(1e4 / Math.PI));
    for (const ev of sol.events) expect(Math.abs(Math.sin(1e4 * ev.t))).toBeLessThan(1e-6);
  });

  it('a norm returning −1, NaN or a string says the norm is wrong (not "f returned NaN at t = NaN")', () => {
    for (const v of [-1, NaN, 'small']) {
      const e = errorOf(() => odeint(decay, [1], [0, 1], { norm: () => v as number }));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toMatch(/Option norm returned/);
      expect(e.message).not.toMatch(/t = NaN/);
    }
  });

  it('a valid user norm still works', () => {
    const rms = (err: Float64Array, a: Float64Array, b: Float64Array, r: number | Float64Array, at: number | Float64Array) =>
      Math.abs(err[0]) / ((at as number) + (r as number) * Math.max(Math.abs(a[0]), Math.abs(b[0])));
    expect(odeint(decay, [1], [0, 1], { norm: rms, rtol: 1e-8, atol: 1e-10 }).ys[1][0]).toBeCloseTo(Math.exp(-1), 7);
  });
});

describe('odeint callbacks that write into their arguments cannot change the answer', () => {
  const lorenz = (_t: number, y: Float64Array) => [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - (8 / 3) * y[2]];
  const ts = [0, 0.5, 1];

  it('an f that scribbles on y gives the same result as one that does not', () => {
    const clean = odeint(lorenz, [1, 1, 1], ts);
    const scribbling = odeint((t, y) => {
      const d = lorenz(t, y);
      y.fill(1e6);
      return d;
    }, [1, 1, 1], ts);
    expect(scribbling.ys.map((y) => Array.from(y))).toEqual(clean.ys.map((y) => Array.from(y)));
  });

  it('an event function or a norm that scribbles on its arrays changes nothing either', () => {
    const clean = odeint(lorenz, [1, 1, 1], ts, { events: [{ fn: (_t, y) => y[0] }] });
    const scribbling = odeint(lorenz, [1, 1, 1], ts, {
      events: [{ fn: (_t, y) => { const v = y[0]; y[0] = 99; return v; } }],
    });
    expect(scribbling.ys.map((y) => Array.from(y))).toEqual(clean.ys.map((y) => Array.from(y)));
    expect(scribbling.events.map((e) => e.t)).toEqual(clean.events.map((e) => e.t));
    const rms = (err: Float64Array, a: Float64Array, b: Float64Array) => {
      let s = 0;
      for (let i = 0; i < 3; i++) s += (err[i] / (1e-9 + 1e-7 * Math.max(Math.abs(a[i]), Math.abs(b[i])))) ** 2;
      return Math.sqrt(s / 3);
    };
    const normClean = odeint(lorenz, [1, 1, 1], ts, { norm: rms });
    const normScribbling = odeint(lorenz, [1, 1, 1], ts, { norm: (e, a, b) => { const v = rms(e, a, b); b.fill(0); a.fill(0); return v; } });
    expect(normScribbling.ys.map((y) => Array.from(y))).toEqual(normClean.ys.map((y) => Array.from(y)));
  });
});

describe('odeint: sizes are checked before anything is allocated', () => {
  it('a tiny fixed stepSize fails at once with MAX_STEPS_EXCEEDED naming stepSize and maxSteps', () => {
    const start = performance.now();
    const e = errorOf(() => odeint(decay, [1], [0, 1], { stepSize: 1e-9, method: 'rk4' }));
    expect(performance.now() - start).toBeLessThan(100);
    expect(e.code).toBe('MAX_STEPS_EXCEEDED');
    expect(e.message).toMatch(/stepSize = 1e-9/);
    expect(e.message).toMatch(/maxSteps = 100000/);
    expect(e.details).toMatchObject({ option: 'stepSize', maxSteps: 100000 });
  });

  it('a fixed grid of many steps is stepped without being stored, stepT and jumpT merged in', () => {
    const f = (t: number, y: Float64Array) => [t < 0.3 ? -y[0] : -2 * y[0]];
    const viaStepSize = odeint(f, [1], [0, 1], { method: 'rk4', stepSize: 0.1, stepT: [0.25], jumpT: [0.3, 0.3000001] });
    const points = [...Array.from({ length: 10 }, (_, i) => i * 0.1), 0.25, 0.3, 0.3000001, 1];
    const grid = [...new Set(points)].sort((a, b) => a - b);
    const viaGrid = odeint(f, [1], [0, 1], { method: 'rk4', grid, jumpT: [0.3, 0.3000001] });
    expect(viaStepSize.stats.steps).toBe(viaGrid.stats.steps);
    expect(viaStepSize.ys[1][0]).toBe(viaGrid.ys[1][0]);
    expect(viaStepSize.ys[1][0]).toBeCloseTo(Math.exp(-0.3 - 1.4), 4);
  });

  it('a grid of exactly maxSteps steps runs', () => {
    const sol = odeint(decay, [1], [0, 1], { method: 'euler', stepSize: 1e-5, maxSteps: 100000 });
    expect(sol.stats.steps).toBe(1e5);
    expect(sol.ys[1][0]).toBeCloseTo(Math.exp(-1), 4);
  });

  it('maxSteps, y0 and ts beyond their documented limits are INVALID_ARGUMENT before any allocation', () => {
    expect(errorOf(() => odeint(decay, [1], [0, 1], { maxSteps: SOLVE_LIMITS.maxSteps + 1 })).message).toMatch(/maxSteps must be a positive integer ≤ 1000000000/);
    const hugeY0 = { length: SOLVE_LIMITS.stateSize + 1 } as ArrayLike<number>;
    const start = performance.now();
    const e = errorOf(() => odeint(decay, hugeY0, [0, 1]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.details).toMatchObject({ option: 'y0', limit: SOLVE_LIMITS.stateSize });
    const hugeTs = { length: 1e12 } as ArrayLike<number>;
    expect(errorOf(() => odeint(decay, [1], hugeTs)).details).toMatchObject({ option: 'ts', limit: SOLVE_LIMITS.outputTimes });
    expect(performance.now() - start).toBeLessThan(100);
  });
});
