// The stiff benchmark (issue item 6): every registered adaptive implicit method on the stiff problems at rtol 1e-4, 1e-6,
// 1e-8, beside SciPy's Radau, BDF and LSODA and, when present, diff-grok; one table with the targets as pass/fail.
//
//   node bench/stiff/run.mjs [--plugin file.ts|file.mjs]... [--method name]... [--problems a,b] [--rtols 1e-4,1e-6]
//                            [--rounds 7] [--form out|plain] [--dfdt exact|fd] [--no-scipy] [--diffgrok /path/to/diff-grok] [--json out.json]
//
// Needs the build (`pnpm run build`). --plugin registers solvers from a module: a default-exported ContainerModule,
// or exported solver classes (constructed with { adaptive: true }); .ts plug-ins are bundled with esbuild first.
// --method adds a registered method that is not implicit (e.g. dopri5, to show the failure rows). diff-grok is
// never a dependency: point --diffgrok or DIFFGROK_PATH at a build outside the repo (see peers.mjs).
//
// What is timed: one whole solve per call — for odeflow one `odeint` call (options checked, container lookup, output),
// for diff-grok one call of its method on an `ODEs` task. Every odeflow and diff-grok cell runs once uncounted (warm-up:
// JIT), then --rounds interleaved rounds (every cell once per round, so drift of the shared machine hits all alike);
// the table shows the median. --form chooses how f and the exact Jacobian reach odeint: `out` (default) writes into
// the buffers odeint passes, (t, y, out) => void, as diff-grok's f does; `plain` returns them, (t, y) => array.
// --dfdt exact (default) passes ∂f/∂t = 0 through `timeDerivative` (every problem here is autonomous), as the
// Jacobian is passed exactly; fd leaves the Rosenbrock methods their finite difference in t.
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
    rounds: { type: 'string', default: '7' },
    form: { type: 'string', default: 'out' },
    dfdt: { type: 'string', default: 'exact' },
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
if (a.form !== 'out' && a.form !== 'plain') throw new Error(`--form must be out or plain; got ${a.form}`);
if (a.dfdt !== 'exact' && a.dfdt !== 'fd') throw new Error(`--dfdt must be exact or fd; got ${a.dfdt}`);

const container = createContainer();
for (const [name, solver] of await loadPlugins(a.plugin)) bindNamed(container, TOKENS.Solver, name, solver);
// fixed-step implicit methods (implicit_euler, trapezoid) have no tolerance to compare at: listed only by --method
const adaptiveImplicit = (s) => s.implicit && s.adaptive;
const names = listNamed(container, TOKENS.Solver).filter((n) => adaptiveImplicit(resolveNamed(container, TOKENS.Solver, n, 'solver')) || a.method.includes(n));
console.log(`odeflow methods: ${names.join(', ') || '(no implicit method registered)'}`);

// every problem of the set is autonomous: ∂f/∂t = 0 exactly, given like the exact Jacobian (--dfdt fd: Rosenbrock
// methods difference f in t instead, one more f evaluation per step)
const zeroDfdt = { plain: (p) => () => new Array(p.n).fill(0), out: () => (_t, _y, out) => out.fill(0) };

/** f, ∂f/∂y and ∂f/∂t in the chosen form. */
function userFunctions(p) {
  const timeDerivative = a.dfdt === 'exact' ? zeroDfdt[a.form](p) : undefined;
  if (a.form === 'plain') return { f: plainF(p), jacobian: plainJacobian(p), timeDerivative };
  return { f: (t, y, out) => p.fInto(t, y, out), jacobian: (t, y, out) => p.jacobianInto(t, y, out), timeDerivative };
}

/** One odeflow solve: final state, stats, status. */
function odeflowCell(method, p, rtol) {
  const { f, jacobian, timeDerivative } = userFunctions(p);
  const options = { method, container, rtol, atol: p.atol(rtol), jacobian, throwOnFailure: false, maxSteps: Number(a['max-steps']) };
  if (timeDerivative) options.timeDerivative = timeDerivative;
  return () => {
    const sol = odeint(f, p.y0, [p.t0, p.t1], options);
    return { y: sol.status === 'success' ? Array.from(sol.ys[sol.ys.length - 1]) : undefined, stats: sol.stats, status: sol.status, tReached: sol.tReached };
  };
}

/** One diff-grok solve: a thrown error is a status, not a crash. */
function diffGrokCell(solve, p, rtol) {
  return () => {
    try {
      return { y: solve(p, rtol), status: 'success' };
    } catch (e) {
      return { status: `threw: ${String(e?.message ?? e).slice(0, 40)}` };
    }
  };
}

const notes = [];
const dg = await loadDiffGrok(a.diffgrok, Number(a['max-steps'])).catch((e) => {
  notes.push(`diff-grok at ${a.diffgrok} could not be loaded: ${e.message}`);
  return undefined;
});
if (!a.diffgrok) notes.push('diff-grok not run: set DIFFGROK_PATH or --diffgrok to a build outside the repo.');

const cells = [
  ...names.flatMap((m) => problems.flatMap((p) => rtols.map((rtol) => ({ lib: 'odeflow', method: m, p, rtol, run: odeflowCell(m, p, rtol) })))),
  ...Object.entries(dg ?? {}).flatMap(([m, solve]) => problems.flatMap((p) => rtols.map((rtol) => ({ lib: 'diff-grok', method: m, p, rtol, run: diffGrokCell(solve, p, rtol) })))),
];
// warm-up (uncounted), then interleaved rounds; a failed or very slow cell is timed once only
for (const c of cells) {
  const t = performance.now();
  c.last = c.run();
  c.warmMs = performance.now() - t;
  c.times = [];
}
for (let r = 0; r < rounds; r++) {
  for (const c of cells) {
    if (c.last.status !== 'success' && c.times.length > 0) continue;
    if (c.warmMs > slowMs && c.times.length > 0) continue;
    const t = performance.now();
    c.last = c.run();
    c.times.push(performance.now() - t);
  }
}
notes.push(`odeflow${dg ? ' and diff-grok' : ''}: one uncounted warm-up call per cell, then the median of ${rounds} interleaved rounds; f and the Jacobian in the \`${a.form}\` form; ∂f/∂t ${a.dfdt === 'exact' ? 'given exactly (0: the problems are autonomous) through \`timeDerivative\`' : 'by finite differences'}.`);
const rows = cells.map((c) => ({
  lib: c.lib, method: c.method, problem: c.p.name, rtol: c.rtol, ms: median(c.times), y: c.last.y, status: c.last.status,
  nfe: c.last.stats?.nfe, njev: c.last.stats?.njev, nlu: c.last.stats?.nlu, steps: c.last.stats?.steps, tReached: c.last.tReached,
}));

const sp = a['no-scipy'] ? { ok: false, reason: '--no-scipy' } : scipyAvailable();
if (sp.ok) {
  const out = runScipy(problems, rtols, rounds);
  notes.push(`SciPy ${out.scipy} (NumPy ${out.numpy}), timed inside Python, median of ${rounds} interleaved rounds (no warm-up: CPython has no JIT).`);
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

for (const r of rows) {
  const p = problems.find((q) => q.name === r.problem);
  r.digits = r.y && r.status === 'success' ? correctDigits(r.y, p.ref, r.rtol, p.atol(r.rtol)) : -Infinity;
  r.accurate = r.digits >= digitsTarget(p, r.rtol);
}
printTable(rows, problems, rtols, notes);
if (a.json) (await import('node:fs')).writeFileSync(a.json, JSON.stringify({ rows, notes }, null, 1));
