import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module example without type declarations
import { fitPendulum } from './fit-pendulum.mjs';

describe('examples/equations/fit-pendulum', () => {
  it.each(['adjoint', 'direct'])('recovers b = 0.25 and c = 5 to 1e-3 from the guess b = 0.6, c = 3.5 (%s)', async (sensitivity) => {
    const { fitted, loss, iterations } = await fitPendulum({ steps: 200, sensitivity });
    expect(iterations).toBe(200);
    expect(Math.abs(fitted.b - 0.25)).toBeLessThan(1e-3);
    expect(Math.abs(fitted.c - 5)).toBeLessThan(1e-3);
    expect(loss).toBeLessThan(1e-8);
  });
});
