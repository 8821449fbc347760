import { describe, expect, it } from 'vitest';
import { isOdeflowError, odeint, type BatchedOdeFunction, type OdeflowError } from 'odeflow';

function errorOf(fn: () => unknown): OdeflowError {
  try {
    fn();
  } catch (e) {
    if (isOdeflowError(e)) return e;
    throw e;
  }
  throw new Error('expected an OdeflowError');
}

// Lotka–Volterra with parameters per row: dx/dt = a·x − b·x·y, dy/dt = −c·y + d·x·y
const PARAMS = [
  [1.0, 0.5, 1.5, 0.7],
  [0.6, 0.3, 1.1, 0.4],
  [1.4, 0.8, 0.7, 0.25],
  [0.9, 0.2, 1.3, 0.6],
  [1.2, 0.65, 0.55, 0.35],
];
const Y0 = [[1, 1], [2, 0.5], [0.7, 1.8], [1.5, 1.5], [0.4, 2.2]];
const lvBatch: BatchedOdeFunction = (_t, Y, out, rows) => {
  for (let j = 0; j < rows.length; j++) {
    const [a, b, c, d] = PARAMS[rows[j]];
    const x = Y[2 * j];
    const y = Y[2 * j + 1];
    out[2 * j] = a * x - b * x * y;
    out[2 * j + 1] = -c * y + d * x * y;
  }
};
const lvSingle = (r: number) => (_t: number, y: Float64Array, out: Float64Array) => {
  const [a, b, c, d] = PARAMS[r];
  out[0] = a * y[0] - b * y[0] * y[1];
  out[1] = -c * y[1] + d * y[0] * y[1];
};
const TS = [0, 0.5, 1, 2.5, 4, 7.25, 10];

// dy/dt = −λ·y per row, λ from the row index (rows of very different stiffness)
const LAMBDA = [0.5, 5, 50, 500];
const decay: BatchedOdeFunction = (_t, Y, out, rows) => {
  for (let j = 0; j < rows.length; j++) out[j] = -LAMBDA[rows[j]] * Y[j];
};

describe('odeint on a batch of initial values (y0 of shape [B, n])', () => {
  // fehlberg2 and adaptive_heun are not FSAL: f(t₁, y₁) is evaluated on the accepted rows only
  for (const method of ['dopri5', 'tsit5', 'dopri8', 'bosh3', 'fehlberg2', 'adaptive_heun']) {
    it(`${method}: every row equals the problem solved alone (values, step counts, nfe)`, () => {
      const options = { rtol: 1e-8, atol: 1e-10, method };
      const batch = odeint(lvBatch, Y0, TS, options);
      expect(batch.shape).toEqual([5, TS.length, 2]);
      expect(batch.status).toEqual(new Array(5).fill('success'));
      expect(batch.failed).toEqual([]);
      let calls = 0;
      for (let r = 0; r < Y0.length; r++) {
        const single = odeint(lvSingle(r), Y0[r], TS, options);
        for (let j = 0; j < TS.length; j++) {
          for (let i = 0; i < 2; i++) expect(Math.abs(batch.at(r, j)[i] - single.ys[j][i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(single.ys[j][i])));
        }
        expect(batch.rowStats.accepted[r]).toBe(single.stats.accepted);
        expect(batch.rowStats.rejected[r]).toBe(single.stats.rejected);
        expect(batch.rowStats.steps[r]).toBe(single.stats.steps);
        expect(batch.rowStats.nfe[r]).toBe(single.stats.nfe);
        calls = Math.max(calls, single.stats.nfe);
      }
      expect(batch.stats.accepted).toBe(batch.rowStats.accepted.reduce((p, x) => p + x, 0));
      // one call of f per stage for all rows: as many calls as the row with the most evaluations needs (plus the
      // calls on a subset of rows: f(t₁, y₁) of the accepted ones, dopri8's dense stages of the interpolated ones)
      if (['dopri8', 'fehlberg2', 'adaptive_heun'].includes(method)) expect(batch.stats.calls).toBeGreaterThanOrEqual(calls);
      else expect(batch.stats.calls).toBe(calls);
    });
  }

  it('rows of different stiffness take different numbers of steps, each to its own accuracy', () => {
    const ts = [0, 0.1, 1, 2];
    const res = odeint(decay, LAMBDA.map(() => [1]), ts, { rtol: 1e-7, atol: 1e-12 });
    const acc = Array.from(res.rowStats.accepted);
    for (let r = 1; r < acc.length; r++) expect(acc[r]).toBeGreaterThan(acc[r - 1]);
    expect(new Set(acc).size).toBe(acc.length);
    for (let r = 0; r < LAMBDA.length; r++) {
      for (let j = 0; j < ts.length; j++) {
        const exact = Math.exp(-LAMBDA[r] * ts[j]);
        expect(Math.abs(res.at(r, j)[0] - exact)).toBeLessThanOrEqual(1e-12 + 1e-5 * exact);
      }
    }
  });

  it('f sees each row at its own time, rows in increasing order, and finished rows leave the batch', () => {
    let sawDistinctTimes = false;
    const sizes: number[] = [];
    const f: BatchedOdeFunction = (t, Y, out, rows) => {
      expect(Y.length).toBe(t.length);
      expect(out.length).toBe(t.length);
      for (let j = 1; j < rows.length; j++) expect(rows[j]).toBeGreaterThan(rows[j - 1]);
      if (t.length > 1 && t[0] !== t[t.length - 1]) sawDistinctTimes = true;
      sizes.push(t.length);
      decay(t, Y, out, rows);
    };
    odeint(f, LAMBDA.map(() => [1]), [0, 1], { rtol: 1e-6 });
    expect(sawDistinctTimes).toBe(true);
    expect(sizes[0]).toBe(LAMBDA.length);
    expect(sizes[sizes.length - 1]).toBe(1);
  });

  it('a Float64Array with shape: [B, n] gives the same result as rows', () => {
    const flat = Float64Array.from(Y0.flat());
    const a = odeint(lvBatch, flat, TS, { shape: [5, 2], rtol: 1e-9 });
    const b = odeint(lvBatch, Y0, TS, { rtol: 1e-9 });
    expect(Array.from(a.ys)).toEqual(Array.from(b.ys));
  });

  it('integrates backward (decreasing ts) as a single solve does', () => {
    const ts = [10, 6, 3, 0];
    const batch = odeint(lvBatch, Y0, ts, { rtol: 1e-8 });
    for (let r = 0; r < Y0.length; r++) {
      const single = odeint(lvSingle(r), Y0[r], ts, { rtol: 1e-8 });
      expect(Math.abs(batch.at(r, 3)[0] - single.ys[3][0])).toBeLessThanOrEqual(1e-12);
      expect(batch.rowStats.accepted[r]).toBe(single.stats.accepted);
    }
  });

  it('writing into t, Y or rows inside f changes nothing', () => {
    const vandal: BatchedOdeFunction = (t, Y, out, rows) => {
      lvBatch(t, Y, out, rows);
      Y.fill(1e300);
      t.fill(-1);
      rows.fill(0);
    };
    const a = odeint(vandal, Y0, TS, { rtol: 1e-8 });
    const b = odeint(lvBatch, Y0, TS, { rtol: 1e-8 });
    expect(Array.from(a.ys)).toEqual(Array.from(b.ys));
  });

  it('ts of one time returns y0 for every row', () => {
    const res = odeint(lvBatch, Y0, [3]);
    expect(Array.from(res.ys)).toEqual(Y0.flat());
    expect(res.stats.nfe).toBe(0);
  });
});

describe('odeint on a batch: a failing row is reported per row, the others solve', () => {
  const Y = LAMBDA.map(() => [1]);
  const stiff = { rtol: 1e-8, atol: 1e-12, maxSteps: 150 };

  it('throwOnFailure: false returns each row with its status; the failed row stops, the others finish', () => {
    const res = odeint(decay, Y, [0, 0.5, 1, 2], { ...stiff, throwOnFailure: false });
    expect(res.status).toEqual(['success', 'success', 'max_steps_exceeded', 'max_steps_exceeded']);
    expect(res.failed).toEqual([2, 3]);
    expect(res.messages[3]).toMatch(/^Row 3: Reached maxSteps = 150 at t = /);
    expect(res.messages[0]).toBeUndefined();
    expect(res.rowStats.steps[3]).toBe(150);
    expect(res.reached[3]).toBeLessThan(4);
    expect(res.tReached[3]).toBeGreaterThan(0);
    expect(res.tReached[3]).toBeLessThan(2);
    expect(Number.isNaN(res.at(3, 3)[0])).toBe(true);
    expect(res.tReached[0]).toBe(2);
    for (const r of [0, 1]) {
      const single = odeint((_t, y, out) => void (out[0] = -LAMBDA[r] * y[0]), [1], [0, 0.5, 1, 2], stiff);
      expect(res.at(r, 3)[0]).toBe(single.ys[3][0]);
    }
    // the failed row matches the single solve's failure too
    const alone = odeint((_t, y, out) => void (out[0] = -LAMBDA[3] * y[0]), [1], [0, 0.5, 1, 2], { ...stiff, throwOnFailure: false });
    expect(alone.status).toBe('max_steps_exceeded');
    expect(res.tReached[3]).toBe(alone.tReached);
  });

  it('by default the solve throws after every row has run, naming the rows, with the whole result in details', () => {
    const e = errorOf(() => odeint(decay, Y, [0, 2], stiff));
    expect(e.code).toBe('MAX_STEPS_EXCEEDED');
    expect(e.message).toMatch(/2 of 4 rows failed \(rows 2, 3\)/);
    expect(e.message).toMatch(/throwOnFailure: false/);
    const result = e.details?.result as { status: string[]; at(r: number, j: number): Float64Array };
    expect(result.status[0]).toBe('success');
    expect(result.at(0, 1)[0]).toBeCloseTo(Math.exp(-1), 6);
  });

  it('a row whose f is not finite fails with non_finite_state naming the row and component; the others solve', () => {
    const f: BatchedOdeFunction = (t, Y, out, rows) => {
      decay(t, Y, out, rows);
      for (let j = 0; j < rows.length; j++) if (rows[j] === 1) out[j] = NaN;
    };
    const res = odeint(f, Y, [0, 1], { throwOnFailure: false });
    expect(res.status).toEqual(['success', 'non_finite_state', 'success', 'success']);
    expect(res.messages[1]).toMatch(/^Row 1: f wrote NaN for component 0 at t = 0/);
    expect(Math.abs(res.at(2, 1)[0] - Math.exp(-50))).toBeLessThan(1e-9);
  });

  it('an entry f leaves unwritten is caught at the first call', () => {
    const lazy: BatchedOdeFunction = (t, Y, out, rows) => {
      for (let j = 0; j < rows.length; j++) if (rows[j] !== 2) out[j] = -Y[j];
    };
    const res = odeint(lazy, [[1], [1], [1]], [0, 1], { throwOnFailure: false });
    expect(res.status).toEqual(['success', 'success', 'non_finite_state']);
    expect(res.messages[2]).toMatch(/unwritten/);
  });
});

describe('odeint on a batch: input checks name the row', () => {
  it('ragged rows are SHAPE_MISMATCH naming the row', () => {
    const e = errorOf(() => odeint(lvBatch, [[1, 2], [3, 4], [5]], [0, 1]));
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toMatch(/y0 row 2 has 1 values but row 0 has 2/);
    expect(e.details).toMatchObject({ row: 2 });
  });

  it('a row that is not an array, a non-number and a non-finite value are refused naming row and component', () => {
    expect(errorOf(() => odeint(lvBatch, [[1, 2], 3] as unknown as number[][], [0, 1])).message).toMatch(/y0 row 1 is number 3, not an array/);
    const s = errorOf(() => odeint(lvBatch, [[1, 2], [3, '4']] as unknown as number[][], [0, 1]));
    expect(s.code).toBe('INVALID_ARGUMENT');
    expect(s.message).toMatch(/y0 row 1, component 1 is a string/);
    const nan = errorOf(() => odeint(lvBatch, [[1, 2], [3, 4], [NaN, 1]], [0, 1]));
    expect(nan.code).toBe('INVALID_ARGUMENT');
    expect(nan.message).toMatch(/y0 row 2, component 0 is NaN/);
    const inf = errorOf(() => odeint(lvBatch, Float64Array.of(1, 2, 3, Infinity), [0, 1], { shape: [2, 2] }));
    expect(inf.message).toMatch(/y0 row 1, component 1 is Infinity/);
  });

  it('a shape that does not fit y0, or is not [B, n], is refused', () => {
    const wrong = errorOf(() => odeint(lvBatch, new Float64Array(6), [0, 1], { shape: [2, 2] }));
    expect(wrong.code).toBe('SHAPE_MISMATCH');
    expect(wrong.message).toMatch(/y0 has 6 numbers but shape \[2, 2\] needs B·n = 4/);
    expect(errorOf(() => odeint(lvBatch, new Float64Array(4), [0, 1], { shape: [2, 2.5] as unknown as [number, number] })).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => odeint(lvBatch, Y0, [0, 1], { shape: [4, 2] })).message).toMatch(/shape says 4 rows but y0 has 5/);
  });

  it('f returning an array instead of writing into out is INVALID_ARGUMENT saying what the batched form is', () => {
    const single = (_t: unknown, y: Float64Array) => Array.from(y, (v) => -v);
    const e = errorOf(() => odeint(single as unknown as BatchedOdeFunction, [[1], [2]], [0, 1]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/\(t, Y, out, rows\) => void/);
    expect(e.message).toMatch(/returned object/);
  });

  it('per-component tolerances of the wrong length are SHAPE_MISMATCH; bad options INVALID_ARGUMENT', () => {
    expect(errorOf(() => odeint(lvBatch, Y0, [0, 1], { rtol: [1e-6, 1e-6, 1e-6] })).code).toBe('SHAPE_MISMATCH');
    expect(errorOf(() => odeint(lvBatch, Y0, [0, 1], { rtol: -1 })).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => odeint(lvBatch, Y0, [0, 1], { maxSteps: 1.5 })).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => odeint(lvBatch, Y0, [0, 1], { nonsense: 1 } as never)).message).toMatch(/Unknown option "nonsense"/);
    expect(errorOf(() => odeint(lvBatch, Y0, [0, 1, 1])).message).toMatch(/strictly monotone/);
  });

  it('per-component tolerances apply to every row', () => {
    const a = odeint(lvBatch, Y0, TS, { rtol: [1e-8, 1e-6], atol: [1e-10, 1e-9] });
    const single = odeint(lvSingle(3), Y0[3], TS, { rtol: [1e-8, 1e-6], atol: [1e-10, 1e-9] });
    expect(a.at(3, TS.length - 1)[1]).toBe(single.ys[TS.length - 1][1]);
  });

  it('implicit, fixed-step and switching methods, events and dense output are UNSUPPORTED with what to do', () => {
    for (const method of ['rodas5p', 'bdf', 'euler', 'rk4', 'auto', 'adams_bashforth']) {
      const e = errorOf(() => odeint(lvBatch, Y0, [0, 1], { method }));
      expect(e.code).toBe('UNSUPPORTED');
      expect(e.message).toMatch(/own odeint call/);
    }
    expect(errorOf(() => odeint(lvBatch, Y0, [0, 1], { method: 'nope' })).code).toBe('UNKNOWN_NAME');
    for (const extra of [{ events: [] }, { dense: true }, { stepT: [0.5] }, { controller: 'constant' }, { stiffnessCheck: true }]) {
      const e = errorOf(() => odeint(lvBatch, Y0, [0, 1], extra as never));
      expect(e.code).toBe('UNSUPPORTED');
      expect(e.message).toMatch(/their own odeint call each/);
    }
  });
});

describe('odeint on a large batch (solved in chunks of rows)', () => {
  it('3,000 rows with random parameters: sampled rows equal their single solves, every row counted', () => {
    const B = 3000;
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const P = Array.from({ length: B }, () => [0.5 + rand(), 0.2 + 0.6 * rand(), 0.5 + rand(), 0.2 + 0.6 * rand()]);
    const Y = Array.from({ length: B }, () => [0.5 + 1.5 * rand(), 0.5 + 1.5 * rand()]);
    const seen = new Uint8Array(B);
    const f: BatchedOdeFunction = (_t, Yb, out, rows) => {
      for (let j = 0; j < rows.length; j++) {
        const [a, b, c, d] = P[rows[j]];
        seen[rows[j]] = 1;
        out[2 * j] = a * Yb[2 * j] - b * Yb[2 * j] * Yb[2 * j + 1];
        out[2 * j + 1] = -c * Yb[2 * j + 1] + d * Yb[2 * j] * Yb[2 * j + 1];
      }
    };
    const ts = [0, 2, 5];
    const res = odeint(f, Y, ts, { rtol: 1e-7 });
    expect(res.failed).toEqual([]);
    expect(seen.every((x) => x === 1)).toBe(true);
    for (const r of [0, 1091, 1092, 2047, 2999]) {
      const [a, b, c, d] = P[r];
      const single = odeint((_t, y, out) => {
        out[0] = a * y[0] - b * y[0] * y[1];
        out[1] = -c * y[1] + d * y[0] * y[1];
      }, Y[r], ts, { rtol: 1e-7 });
      expect(Array.from(res.at(r, 2))).toEqual(Array.from(single.ys[2]));
      expect(res.rowStats.nfe[r]).toBe(single.stats.nfe);
    }
    expect(res.stats.nfe).toBe(res.rowStats.nfe.reduce((p, x) => p + x, 0));
  });
});
