import { dopri5, integrate, tsit5, dopri8, bosh3, fehlberg2, adaptiveHeun } from '@odeflow/solvers';
import { describe, expect, it } from 'vitest';
import { be, knownExact, knownProblem, knownProblemInto, lorenz, maxErr } from './problems.js';

const ts = Array.from({ length: 21 }, (_, i) => i * 0.25);

describe('adaptive methods meet the requested accuracy', () => {
  // Global error = accumulated local errors, so it exceeds the per-step tolerance by a factor that
  // depends on the method. fehlberg2's estimate measures its embedded first-order formula, whose error
  // constant is tiny (1/512), so it under-controls the propagated second-order solution (as in torchdiffeq).
  const cases = [
    { solver: adaptiveHeun, tols: [1e-3, 1e-5], factor: 30 },
    { solver: fehlberg2, tols: [1e-5, 1e-7], factor: 500 },
    { solver: bosh3, tols: [1e-4, 1e-6, 1e-8], factor: 30 },
    { solver: dopri5, tols: [1e-4, 1e-6, 1e-8, 1e-10], factor: 30 },
    { solver: tsit5, tols: [1e-4, 1e-6, 1e-8, 1e-10], factor: 30 },
    { solver: dopri8, tols: [1e-6, 1e-8, 1e-10, 1e-12], factor: 30 },
  ];
  for (const { solver, tols, factor } of cases) {
    it(`${solver.name} at rtol = atol ∈ {${tols.join(', ')}}: error at every output ≤ ${factor}·tol, and tighter is more accurate`, () => {
      let prev = Infinity;
      for (const tol of tols) {
        for (const dynamics of [knownProblem, knownProblemInto]) {
          const y0 = be.fromArray([1, 1]);
          const sol = integrate({ backend: be, dynamics, y0, ts, solver, options: { rtol: tol, atol: tol } });
          expect(sol.status).toBe('success');
          expect(sol.ys).toHaveLength(ts.length);
          const err = Math.max(...ts.map((t, i) => maxErr(sol.ys[i], knownExact(t))));
          expect(err, `${solver.name} tol ${tol}`).toBeLessThan(factor * tol);
          if (dynamics === knownProblem) {
            expect(err).toBeLessThan(prev);
            prev = err;
          }
          expect(sol.stats.nfe).toBeGreaterThan(0);
          expect(sol.stats.steps).toBe(sol.stats.accepted + sol.stats.rejected);
          be.dispose([y0, ...sol.ys]);
        }
      }
    });
  }

  it('Lorenz at rtol = atol = 1e-8: dopri5 uses 10,200 ± 5% evaluations (as SciPy RK45 / torchdiffeq), tsit5 no more, dopri8 ≤ 6,500', () => {
    const run = (solver: typeof dopri5) => {
      const y0 = be.fromArray([1, 0, 0]);
      const sol = integrate({ backend: be, dynamics: lorenz, y0, ts: [0, 20], solver, options: { rtol: 1e-8, atol: 1e-8 } });
      expect(sol.status).toBe('success');
      be.dispose([y0, ...sol.ys]);
      return sol.stats.nfe;
    };
    const n5 = run(dopri5);
    expect(Math.abs(n5 - 10200)).toBeLessThan(510);
    expect(run(tsit5)).toBeLessThanOrEqual(n5);
    expect(run(dopri8)).toBeLessThanOrEqual(6500);
  });

  it('per-component tolerances and a user norm are honoured', () => {
    const y0 = be.fromArray([1, 1]);
    const loose = integrate({ backend: be, dynamics: knownProblem, y0, ts, solver: dopri5, options: { rtol: 1e-3, atol: 1e-3 } });
    const mixed = integrate({ backend: be, dynamics: knownProblem, y0, ts, solver: dopri5, options: { rtol: [1e-3, 1e-10], atol: [1e-3, 1e-10] } });
    // the tight second component drives the steps: more work, and that component is accurate
    expect(mixed.stats.nfe).toBeGreaterThan(loose.stats.nfe);
    const err2 = Math.max(...ts.map((t, i) => Math.abs(mixed.ys[i].data[1] - knownExact(t)[1])));
    expect(err2).toBeLessThan(1e-9);
    // a norm that only looks at the first component (a seminorm) is used instead of the default
    let calls = 0;
    const semi = integrate({
      backend: be, dynamics: knownProblem, y0, ts, solver: dopri5,
      options: {
        rtol: [1e-3, 1e-10], atol: [1e-3, 1e-10],
        norm: (err, a, b, rtol, atol) => {
          calls++;
          const r = (rtol as typeof y0).data[0];
          const at = (atol as typeof y0).data[0];
          return Math.abs(err.data[0]) / (at + r * Math.max(Math.abs(a.data[0]), Math.abs(b.data[0])));
        },
      },
    });
    // once per attempted step, and three times in the first-step heuristic, which measures with the same norm
    expect(calls).toBe(semi.stats.steps + 3);
    expect(semi.stats.nfe).toBeLessThan(mixed.stats.nfe);
    be.dispose([y0, ...loose.ys, ...mixed.ys, ...semi.ys]);
  });
});
