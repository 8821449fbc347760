import { describe, expect, it } from 'vitest';
import { isOdeflowError, odeint } from 'odeflow';

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isOdeflowError(e)) return e;
    throw e;
  }
  throw new Error('expected an OdeflowError');
}

describe('odeint: y0 and ts must be flat arrays of numbers', () => {
  const f = (_t: number, y: Float64Array) => Array.from(y, (v) => -v);

  it('a 2-D y0 is a batch: a single-problem f returning arrays is told the batched form', () => {
    const e = errorOf(() => odeint(f, [[1, 0], [0, 1]] as unknown as number[], [0, 1]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/With a batch of initial values \(y0 of shape \[B, n\]\) f is the batched form \(t, Y, out, rows\) => void/);
    expect(e.message).toMatch(/To solve one problem, pass a flat y0/);
    expect(e.message).not.toMatch(/1,0/);
  });

  it('an array of Float64Arrays is a batch too', () => {
    const e = errorOf(() => odeint(f, [Float64Array.of(1, 2)] as unknown as number[], [0, 1]));
    expect(e.message).toMatch(/batched form/);
  });

  it('a nested entry after a number says what a batch looks like', () => {
    const e = errorOf(() => odeint(f, [1, [2, 3]] as unknown as number[], [0, 1]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/y0\[1\] is an array of length 2/);
    expect(e.message).toMatch(/A batch of problems is an array of rows/);
  });

  it('strings are refused, not coerced', () => {
    const e = errorOf(() => odeint(f, ['1', 2] as unknown as number[], [0, 1]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/y0\[0\] is string 1/);
  });

  it('a nested ts says it must be a flat array of output times', () => {
    const e = errorOf(() => odeint(f, [1], [[0, 1]] as unknown as number[]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/ts must be a flat array or Float64Array of numbers \(output times/);
    expect(e.message).toMatch(/ts\[0\] is an array of length 2/);
  });

  it('flat arrays and Float64Arrays still solve', () => {
    expect(odeint(f, Float64Array.of(1, 2), Float64Array.of(0, 1)).ys[1][1]).toBeCloseTo(2 * Math.exp(-1), 6);
    expect(odeint(f, [1], [0, 1]).ys[1][0]).toBeCloseTo(Math.exp(-1), 6);
  });

  it('nested tolerances are refused with a message naming the shape', () => {
    const e = errorOf(() => odeint(f, [1, 2], [0, 1], { rtol: [[1e-6, 1e-6]] as unknown as number[] }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/rtol/);
  });
});
