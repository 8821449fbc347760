import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module example without type declarations
import { closedFormImpacts, simulateBouncingBall } from './bouncing-ball.mjs';

describe('examples/bouncing-ball', () => {
  it('impact times match the closed form (terminal event + state reset + restart)', () => {
    const opts = { height: 10, g: 9.81, restitution: 0.9, bounces: 12 };
    const { impacts, speeds, memory } = simulateBouncingBall(opts);
    const exact: number[] = closedFormImpacts(opts);
    expect(impacts).toHaveLength(12);
    impacts.forEach((t: number, i: number) => expect(Math.abs(t - exact[i]), `impact ${i + 1}`).toBeLessThan(1e-9));
    // each impact is 0.9 times slower than the last
    for (let i = 1; i < speeds.length; i++) expect(speeds[i] / speeds[i - 1]).toBeCloseTo(0.9, 9);
    expect(memory.tensors).toBe(0);
  });
});
