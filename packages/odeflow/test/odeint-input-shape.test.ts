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

  it('a 2-D y0 says which shape is taken and that batches are not supported yet', () => {
    const e = errorOf(() => odeint(f, [[1, 0], [0, 1]] as unknown as number[], [0, 1]));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/y0 must be a flat array or Float64Array of numbers/);
    expect(e.message).toMatch(/y0\[0\] is an array of length 2/);
    expect(e.message).toMatch(/Batches/);
    expect(e.message).not.toMatch(/1,0/);
  });

  it('an array of Float64Arrays is refused the same way', () => {
    const e = errorOf(() => odeint(f, [Float64Array.of(1, 2)] as unknown as number[], [0, 1]));
    expect(e.message).toMatch(/y0\[0\] is an array of length 2/);
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
