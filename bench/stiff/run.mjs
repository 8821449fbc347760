// The stiff benchmark (issue item 6): every registered adaptive implicit method on the stiff problems at rtol 1e-4, 1e-6,
// 1e-8, beside SciPy's Radau, BDF and LSODA and, when present, diff-grok; one table with the targets as pass/fail.
//
//   node bench/stiff/run.mjs [--plugin file.ts|file.mjs]... [--method name]... [--problems a,b] [--rtols 1e-4,1e-6]
//                            [--rounds 5] [--no-scipy] [--diffgrok /path/to/diff-grok] [--json out.json]
//
// Needs the build (`pnpm run build`). --plugin registers solvers from a module: a default-exported ContainerModule,
// or exported solver classes (constructed with { adaptive: true }); .ts plug-ins are bundled with esbuild first.
// --method adds a registered method that is not implicit (e.g. dopri5, to show the failure rows). diff-grok is
// never a dependency: point --diffgrok or DIFFGROK_PATH at an install outside the repo.
import { parseArgs } from 'node:util';
import { createContainer, listNamed, resolveNamed, TOKENS, bindNamed, odeint } from 'odeflow';
import { PROBLEMS, plainF, plainJacobian } from './problems/index.mjs';
import { checkPoints, loadDiffGrok, runScipy, scipyAvailable } from './peers.mjs';
import { loadPlugins } from './plugins.mjs';
import { correctDigits, digitsTarget, median } from './score.mjs';
import { printTable } from './table.mjs';

const { values: a } = parseArgs({
  options: {
    plugin: { type: 'string', multiple: true, default: [] },
    method: { type: 'string', multiple: true, default: [] },
    problems: { type: 'string' },
    rtols: { type: 'string', default: '1e-4,1e-6,1e-8' },
    rounds: { type: 'string', default: '5' },
    'no-scipy': { type: 'boolean', default: false },
    diffgrok: { type: 'string', default: process.env.DIFFGROK_PATH },
    'max-steps': { type: 'string', default: '200000' },
    'slow-ms': { type: 'string', default: '3000' },
    json: { type: 'string' },
  },
});
const rtols = a.rtols.split(',').map(Number);
const rounds = Number(a.rounds);
const slowMs = Number(a['slow-ms']);
const problems = a.problems ? PROBLEMS.filter((p) => a.problems.split(',').includes(p.name)) : PROBLEMS;

const container = createContainer();
for (const [name, solver] of await loadPlugins(a.plugin)) bindNamed(container, TOKENS.Solver, name, solver);
// fixed-step implicit methods (implicit_euler, trapezoid) have no tolerance to compare at: listed only by --method
const adaptiveImplicit = (s) => s.implicit && s.adaptive;
const names = listNamed(container, TOKENS.Solver).filter((n) => adaptiveImplicit(resolveNamed(container, TOKENS.Solver, n, 'solver')) || a.method.includes(n));
console.log(`odeflow methods: ${names.join(', ') || '(no implicit method registered)'}`);

/** One odeflow solve: final state, stats, status. */
function solveOnce(method, p, rtol) {
  const t = performance.now();
  const sol = odeint(plainF(p), p.y0, [p.t0, p.t1], {
    method, container, rtol, atol: p.atol(rtol), jacobian: plainJacobian(p), throwOnFailure: false, maxSteps: Number(a['max-steps']),
  });
  const ms = performance.now() - t;
  return { ms, y: sol.status === 'success' ? Array.from(sol.ys[sol.ys.length - 1]) : undefined, stats: sol.stats, status: sol.status, tReached: sol.tReached };
}

// interleaved rounds: every cell once per round, so drift of the machine hits all alike
const cells = names.flatMap((m) => problems.flatMap((p) => rtols.map((rtol) => ({ lib: 'odeflow', method: m, p, rtol, times: [], last: undefined }))));
for (let r = 0; r < rounds; r++) {
  for (const c of cells) {
    if (c.times.length > 0 && (c.times[0] > slowMs || c.last.status !== 'success')) continue;
    c.last = solveOnce(c.method, c.p, c.rtol);
    c.times.push(c.last.ms);
  }
}
const rows = cells.map((c) => ({
  lib: 'odeflow', method: c.method, problem: c.p.name, rtol: c.rtol, ms: median(c.times), y: c.last.y, status: c.last.status,
  nfe: c.last.stats.nfe, njev: c.last.stats.njev, nlu: c.last.stats.nlu, steps: c.last.stats.steps, tReached: c.last.tReached,
}));

const notes = [];
const sp = a['no-scipy'] ? { ok: false, reason: '--no-scipy' } : scipyAvailable();
if (sp.ok) {
  const out = runScipy(problems, rtols, rounds);
  notes.push(`SciPy ${out.scipy} (NumPy ${out.numpy}), timed inside Python, median of ${rounds} interleaved rounds.`);
  const trusted = new Set();
  for (const p of problems) {
    const js = checkPoints(p).map(([t, y]) => plainF(p)(t, Float64Array.from(y)));
    const ok = js.every((f, k) => f.every((v, i) => Math.abs(v - out.checks[p.name][k][i]) <= 1e-12 * Math.max(1e-300, Math.abs(v)) + 1e-300));
    if (ok) trusted.add(p.name);
    else notes.push(`SciPy's f for ${p.name} differs from the JavaScript one: its rows are left out.`);
  }
  for (const r of out.runs) if (trusted.has(r.problem)) rows.push({ lib: 'scipy', method: r.method, ...r });
} else {
  notes.push(`SciPy not run: ${sp.reason}.`);
}

const dg = await loadDiffGrok(a.diffgrok).catch((e) => {
  notes.push(`diff-grok at ${a.diffgrok} could not be loaded: ${e.message}`);
  return undefined;
});
if (!a.diffgrok) notes.push('diff-grok not run: set DIFFGROK_PATH or --diffgrok to an install outside the repo.');
for (const [method, solve] of Object.entries(dg ?? {})) {
  for (const p of problems) {
    for (const rtol of rtols) {
      const times = [];
      let y;
      let status = 'success';
      for (let r = 0; r < rounds && status === 'success'; r++) {
        const t = performance.now();
        try {
          y = solve(p, rtol);
        } catch (e) {
          status = `threw: ${String(e.message ?? e).slice(0, 40)}`;
        }
        times.push(performance.now() - t);
        if (times[0] > slowMs) break;
      }
      rows.push({ lib: 'diff-grok', method, problem: p.name, rtol, ms: median(times), y, status });
    }
  }
}

for (const r of rows) {
  const p = problems.find((q) => q.name === r.problem);
  r.digits = r.y && r.status === 'success' ? correctDigits(r.y, p.ref, r.rtol, p.atol(r.rtol)) : -Infinity;
  r.accurate = r.digits >= digitsTarget(p, r.rtol);
}
printTable(rows, problems, rtols, notes);
if (a.json) (await import('node:fs')).writeFileSync(a.json, JSON.stringify({ rows, notes }, null, 1));
