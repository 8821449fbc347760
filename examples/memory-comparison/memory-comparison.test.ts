import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module example without type declarations
import { runMemoryComparison } from './memory-comparison.mjs';

describe('examples/memory-comparison', () => {
  it('shows direct memory growing with the integration length while the adjoint stays flat', () => {
    const { table, markdown, svg, leftover } = runMemoryComparison({ horizons: [5, 20], repeats: 1 });
    const row = (m: string, h: number) => table.rows.find((r: { method: string; horizon: number }) => r.method === m && r.horizon === h);
    expect(row('direct', 20).steps).toBeGreaterThan(3 * row('direct', 5).steps);
    // direct's tape grows with the steps; the block's WebAssembly memory is the same at every horizon
    const part = (m: string, h: number, label: string) => row(m, h).heldAtPeak[label];
    expect(part('direct', 20, 'direct tape')).toBeGreaterThan(2.5 * part('direct', 5, 'direct tape'));
    expect(row('direct', 20).peakBytes - row('direct', 5).peakBytes).toBeGreaterThan(part('direct', 20, 'direct tape') / 2);
    expect(part('direct', 5, 'wasm memory')).toBeGreaterThan(0);
    for (const r of table.rows) expect(r.heldAtPeak['wasm memory']).toBe(part('direct', 5, 'wasm memory'));
    expect(row('adjoint', 20).peakBytes).toBeLessThanOrEqual(1.1 * row('adjoint', 5).peakBytes);
    expect(row('checkpointed', 20).relGradDiff).toBeLessThan(1e-12);
    expect(row('adjoint', 20).relGradDiff).toBeLessThan(1e-4);
    expect(markdown).toContain('| adjoint (seminorm) | 20 |');
    // the interpolating adjoint stores the forward solution: its memory grows with the steps, like direct's
    expect(part('adjoint (interpolate)', 20, 'forward trajectory')).toBeGreaterThan(2.5 * part('adjoint (interpolate)', 5, 'forward trajectory'));
    expect(row('adjoint (interpolate)', 20).relGradDiff).toBeLessThan(1e-4);
    expect(svg.match(/<polyline /g)).toHaveLength(6);
    expect(leftover).toBe(0);
  });
});
