import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module example without type declarations
import { ROBERTSON_RATES, solveRobertson } from './robertson.mjs';
// @ts-expect-error -- a plain ES module example without type declarations
import { relativeLoss, robertsonData } from './robertson-fit.mjs';
// @ts-expect-error -- a plain ES module example without type declarations
import { IVP_REFERENCE, runRobertson } from './run-robertson.mjs';
import { JsBackend } from 'odeflow';

interface Fit {
  rates: number[];
  relativeErrors: number[];
  iterations: number;
  history: { iteration: number; loss: number; rates: number[] }[];
}

describe('examples/robertson', () => {
  it('solves [0, 1e11] with rodas5p to the IVP test set reference', async () => {
    const sol = await solveRobertson({ tEnd: IVP_REFERENCE.t, points: 50 });
    expect(sol.status).toBe('success');
    const last: number[] = sol.ys[sol.ys.length - 1];
    last.forEach((v, i) => expect(Math.abs(v / IVP_REFERENCE.y[i] - 1), `y${i + 1}`).toBeLessThan(1e-5));
    // the exact Jacobian from the equations: one evaluation per accepted step, a few hundred steps in all
    expect(sol.stats.njev).toBeGreaterThan(0);
    expect(sol.stats.steps).toBeLessThan(2000);
  });

  it('samples noisy data reproducibly by seed, with the relative loss zero on clean data', async () => {
    const a = await robertsonData({ seed: 3 });
    const b = await robertsonData({ seed: 3 });
    expect(a.observed).toEqual(b.observed);
    expect(a.ts).toHaveLength(32);
    expect(a.ts[1]).toBeCloseTo(1e-4, 12);
    expect(a.ts[31]).toBeCloseTo(1e5, 6);
    const backend = new JsBackend();
    const ys = a.clean.map((row: number[]) => backend.fromArray(row));
    expect(relativeLoss(backend, a.clean)(ys).value).toBe(0);
    // 1% noise: the relative residual of the clean values against the data is about 1e-4 in mean square
    const { value, cotangents } = relativeLoss(backend, a.observed)(ys);
    expect(value).toBeGreaterThan(3e-5);
    expect(value).toBeLessThan(3e-4);
    expect(Array.from(backend.toFloat64Array(cotangents[0]))).toEqual([0, 0, 0]);
  });

  it('fits k1, k2, k3 to within 2% by Adam with stiff-adjoint gradients, and writes both SVG files', { timeout: 240_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'robertson-'));
    try {
      const lines: string[] = [];
      const { fit, files } = (await runRobertson({ out, iterations: 150, tEnd: 1e5, log: (l: string) => lines.push(l) })) as { fit: Fit; files: string[] };
      expect(fit.iterations).toBe(150);
      fit.relativeErrors.forEach((e, i) => expect(Math.abs(e), `k${i + 1} = ${fit.rates[i]} (truth ${ROBERTSON_RATES[i]})`).toBeLessThan(0.02));
      expect(fit.history[fit.history.length - 1].loss).toBeLessThan(0.01 * fit.history[0].loss);
      for (const file of files) {
        expect(existsSync(file)).toBe(true);
        const svg = readFileSync(file, 'utf8');
        expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        expect(svg).toContain('B × 10⁴');
        expect(svg).toContain('t (log scale)');
      }
      // the table: a header, rows every 10 iterations and the last, the final rates
      expect(lines.some((l) => /iteration\s+loss\s+k1\s+k2\s+k3\s+err k1/.test(l))).toBe(true);
      expect(lines.filter((l) => /^\s+\d+\s+\d\.\d{3}e[-+]\d+/.test(l))).toHaveLength(16);
      expect(lines.some((l) => /^\s+final\s/.test(l))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
