import type { JsTensor, Solution } from '@odeflow/core';
import { compareSensitivities, toMarkdown, toSvg, type ComparisonCase } from '@odeflow/adjoint';
import { describe, expect, it } from 'vitest';
import { hamiltonianMlpParams, mlpDynamics } from './helpers/dynamics.js';
import { context, JsBackend, sensitivity } from './helpers/harness.js';

describe('compareSensitivities', () => {
  const be = new JsBackend();
  const dyn = mlpDynamics(be);
  const make = (horizon: number): ComparisonCase<JsTensor> => {
    const y0 = be.fromArray([0.5, -0.4]);
    const params = hamiltonianMlpParams(be, 8, 5);
    return {
      problem: { dynamics: dyn, y0, ts: [0, horizon / 2, horizon], params },
      context: context(be, 'dopri5', { rtol: 1e-7, atol: 1e-9 }),
      // L = Σᵢ ‖y(tᵢ)‖²/2
      cotangents: (sol: Solution<JsTensor>) => sol.ys.map((y) => be.clone(y)),
      dispose: () => be.dispose([y0, ...params]),
    };
  };
  const table = compareSensitivities(make, {
    methods: [
      sensitivity('direct'),
      sensitivity('adjoint'),
      { label: 'adjoint (seminorm)', sensitivity: sensitivity('adjoint'), options: { norm: 'seminorm' } },
      { label: 'checkpointed (k=8)', sensitivity: sensitivity('checkpointed'), options: { checkpointEvery: 8 } },
    ],
    horizons: [5, 20, 50],
    repeats: 3,
  });
  const row = (method: string, horizon: number) => table.rows.find((r) => r.method === method && r.horizon === horizon)!;

  it('has a row per method and horizon with the costs of each', () => {
    expect(table.reference).toBe('direct');
    expect(table.methods).toEqual(['direct', 'adjoint', 'adjoint (seminorm)', 'checkpointed (k=8)']);
    expect(table.rows).toHaveLength(12);
    for (const r of table.rows) {
      expect(r.peakBytes).toBeGreaterThan(0);
      expect(r.nfeForward).toBeGreaterThan(0);
      expect(r.nfeBackward).toBeGreaterThan(0);
      expect(r.wallMs).toBeGreaterThan(0);
    }
    expect(row('direct', 50).steps).toBeGreaterThan(7 * row('direct', 5).steps);
  });

  it('measures memory growing with the horizon for direct and flat for the adjoint', () => {
    expect(row('direct', 50).peakBytes).toBeGreaterThan(5 * row('direct', 5).peakBytes);
    expect(row('adjoint', 50).peakBytes).toBeLessThanOrEqual(1.1 * row('adjoint', 5).peakBytes);
    expect(row('checkpointed (k=8)', 50).peakBytes).toBeLessThan(row('direct', 50).peakBytes / 3);
  });

  it('breaks every peak down by label, the parts adding up to the whole', () => {
    for (const r of table.rows) {
      const parts = Object.values(r.heldAtPeak);
      expect(parts.every((b) => b > 0)).toBe(true);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(r.peakBytes);
    }
    // direct's peak is its tape, which grows with the steps; the adjoint keeps no tape
    const tape = (h: number) => row('direct', h).heldAtPeak['direct tape'];
    expect(tape(50)).toBeGreaterThan(5 * tape(5));
    expect(tape(50)).toBeGreaterThan(row('direct', 50).peakBytes / 2);
    expect(row('adjoint', 50).heldAtPeak['direct tape']).toBeUndefined();
    expect(row('checkpointed (k=8)', 50).heldAtPeak.checkpoints).toBeGreaterThan(0);
  });

  it('measures gradient differences against the reference', () => {
    for (const h of table.horizons) {
      expect(row('direct', h).relGradDiff).toBe(0);
      expect(row('checkpointed (k=8)', h).relGradDiff).toBeLessThan(1e-12);
      expect(row('adjoint', h).relGradDiff).toBeGreaterThan(0);
      expect(row('adjoint', h).relGradDiff).toBeLessThan(1e-4);
    }
    expect(be.memory().bytes).toBe(0);
  });

  it('renders Markdown with a header and one line per row', () => {
    const md = toMarkdown(table).trim().split('\n');
    expect(md[0]).toMatch(/^\| method \| horizon \| steps \| peak KiB \| nfe forward \| nfe backward \| wall ms \| rel\. grad diff vs direct \| held at peak \(KiB\) \|$/);
    expect(md).toHaveLength(2 + 12);
    const adj = md.find((l) => l.startsWith('| adjoint | 20 |'))!;
    expect(adj).toContain(`| ${(row('adjoint', 20).peakBytes / 1024).toFixed(1)} |`);
  });

  it('renders an SVG chart: one line per method, labelled axes, a legend', () => {
    const svg = toSvg(table);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg.match(/<circle /g)).toHaveLength(12);
    expect(svg).toContain('integration length (horizon)');
    expect(svg).toContain('peak memory (KiB)');
    for (const m of table.methods) expect(svg).toContain(`>${m}</text>`);
    // points of one polyline are in horizon order
    const first = /<polyline [^>]*points="([^"]+)"/.exec(svg)![1].split(' ').map((p) => Number(p.split(',')[0]));
    expect([...first].sort((a, b) => a - b)).toEqual(first);
  });

  it('refuses an empty comparison, duplicate labels and an unknown reference', () => {
    expect(() => compareSensitivities(make, { methods: [], horizons: [1] })).toThrow(/at least one method/);
    expect(() => compareSensitivities(make, { methods: [sensitivity('direct')], horizons: [] })).toThrow(/horizon/);
    expect(() => compareSensitivities(make, { methods: [sensitivity('direct'), sensitivity('direct')], horizons: [1] })).toThrow(/twice/);
    expect(() => compareSensitivities(make, { methods: [sensitivity('adjoint')], horizons: [1], reference: 'direct' })).toThrow(/Reference/);
  });
});
