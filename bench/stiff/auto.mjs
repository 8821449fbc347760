// method: 'auto' against every single adaptive method, on a stiff problem (Robertson over [0, 1e5]), a non-stiff
// one (Lorenz over [0, 20]) and one that alternates (Van der Pol, μ = 1000, over [0, 3000]), at rtol 1e-4, 1e-6,
// 1e-8 (atol as in the stiff set; Lorenz atol = rtol). Interleaved rounds (every cell once per round, the order
// rotated each round), medians of wall time per solve; the ratio auto / best single method per problem × rtol,
// "best" being the fastest single method that meets the accuracy target (digits of rtol − 1 against the
// reference; Lorenz is chaotic over [0, 20] — no method keeps digits there — so every successful solve counts).
//
//   node bench/stiff/auto.mjs [--rounds 15] [--problems robertson,lorenz,vdp-mu1000] [--rtols 1e-4,1e-6,1e-8]
//                             [--slow-ms 1500] [--methods auto,tsit5,...] [--clock wall|cpu] [--warmup 0] [--json out.json]
// (--methods: the methods to run, auto among them; default every registered adaptive method. --clock cpu times each
// solve by the process's CPU time (process.cpuUsage: user + system, all threads, garbage collection included)
// instead of the wall clock: on a shared, loaded machine it leaves out the time the process waits for a core;
// --warmup N: N untimed interleaved rounds first, so that the medians are of JIT-compiled code — without it, the
// first rounds, interpreted or baseline-compiled, weigh in the medians, and `auto`, with more code to warm up than a
// single method, is the slowest to leave them)
//
// Needs the build (`pnpm run build`). Every method runs in this one process, so the ratios hold on a loaded machine.
import { parseArgs } from 'node:util';
import { createContainer, listNamed, odeint, resolveNamed, TOKENS } from 'odeflow';
import { PROBLEMS, plainF, plainJacobian } from './problems/index.mjs';
import { correctDigits, digitsTarget, median } from './score.mjs';

const { values: a } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    problems: { type: 'string', default: 'robertson,lorenz,vdp-mu1000' },
    rtols: { type: 'string', default: '1e-4,1e-6,1e-8' },
    'slow-ms': { type: 'string', default: '1500' },
    methods: { type: 'string' },
    clock: { type: 'string', default: 'wall' },
    warmup: { type: 'string', default: '0' },
    json: { type: 'string' },
  },
});

/** Lorenz (σ = 10, ρ = 28, β = 8/3) from [1, 0, 0]: not stiff anywhere; no reference (chaotic over [0, 20]). */
const lorenz = {
  name: 'lorenz', n: 3, y0: [1, 0, 0], t0: 0, t1: 20, atol: (rtol) => rtol, ref: null,
  fInto: (_t, y, out) => {
    out[0] = 10 * (y[1] - y[0]);
    out[1] = y[0] * (28 - y[2]) - y[1];
    out[2] = y[0] * y[1] - (8 / 3) * y[2];
  },
  jacobianInto: (_t, y, out) => out.set([-10, 10, 0, 28 - y[2], -1, -y[0], y[1], y[0], -8 / 3]),
};
const problems = a.problems.split(',').map((name) => (name === 'lorenz' ? lorenz : PROBLEMS.find((p) => p.name === name)));
const rtols = a.rtols.split(',').map(Number);
const rounds = Number(a.rounds);
const warmup = Number(a.warmup);
if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`--warmup must be a non-negative integer; got ${a.warmup}`);
const slowMs = Number(a['slow-ms']);
if (a.clock !== 'wall' && a.clock !== 'cpu') throw new Error(`--clock must be wall or cpu; got ${a.clock}`);
/** Milliseconds since an arbitrary origin, by the chosen clock. */
const now = a.clock === 'cpu' ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();

const container = createContainer();
const adaptive = listNamed(container, TOKENS.Solver).filter((n) => resolveNamed(container, TOKENS.Solver, n, 'solver').adaptive);
const methods = a.methods ? a.methods.split(',').filter((n) => adaptive.includes(n)) : adaptive;

function solveOnce(method, p, rtol) {
  const f = plainF(p);
  const jacobian = plainJacobian(p);
  const t = now();
  const sol = odeint(f, p.y0, [p.t0, p.t1], { method, container, rtol, atol: p.atol(rtol), jacobian, throwOnFailure: false, maxSteps: 200000 });
  const ms = now() - t;
  return { ms, sol };
}

const cells = problems.flatMap((p) => rtols.flatMap((rtol) => methods.map((method) => ({ p, rtol, method, times: [], last: undefined }))));
for (let r = 0; r < warmup + rounds; r++) {
  const shift = (r * 7) % cells.length;
  for (const c of [...cells.slice(shift), ...cells.slice(0, shift)]) {
    if (c.last && (c.last.sol.status !== 'success' || c.first > slowMs)) continue;
    c.last = solveOnce(c.method, c.p, c.rtol);
    c.first ??= c.last.ms;
    // a cell run once (slow or failing) keeps that one time, even when it fell in the warm-up
    if (r >= warmup || c.last.sol.status !== 'success' || c.first > slowMs) c.times.push(c.last.ms);
  }
}

const rows = cells.map((c) => {
  const { sol } = c.last;
  const y = sol.status === 'success' ? Array.from(sol.ys[sol.ys.length - 1]) : undefined;
  const digits = y && c.p.ref ? correctDigits(y, c.p.ref, c.rtol, c.p.atol(c.rtol)) : undefined;
  const accurate = sol.status === 'success' && (c.p.ref ? digits >= digitsTarget(c.p, c.rtol) : true);
  const s = sol.stats;
  return {
    problem: c.p.name, rtol: c.rtol, method: c.method, ms: median(c.times), times: c.times, status: sol.status, tReached: sol.tReached,
    digits, accurate, nfe: s.nfe, njev: s.njev, nlu: s.nlu, steps: s.steps, switches: s.switches, methodSteps: s.methodSteps,
  };
});

const fmt = (x) => (x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
const head = ['problem', 'rtol', 'method', 'status', 'digits', 'ms (median)', 'nfe', 'njev', 'nlu', 'steps', 'auto: switches, steps by method'];
const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
const summary = [
  '| problem | rtol | auto ms | best single | its ms | auto / best | auto / best, paired | auto / its own explicit method, paired |',
  '|---|---|---|---|---|---|---|---|',
];
// median over rounds of the ratio of the two solves of one round (both ran in it, close in time)
const paired = (a, b) => (a.times.length === b.times.length ? median(a.times.map((x, i) => x / b.times[i])) : undefined);
const fmtRatio = (x) => (x === undefined ? '-' : x.toFixed(2));
for (const p of problems) {
  for (const rtol of rtols) {
    const here = rows.filter((r) => r.problem === p.name && r.rtol === rtol);
    for (const r of here) {
      const status = r.status === 'success' ? 'ok' : `${r.status} @ t=${r.tReached.toPrecision(3)}`;
      const sw = r.switches === undefined ? '' : `${r.switches}: ${Object.entries(r.methodSteps).map(([m, n]) => `${m} ${n}`).join(', ')}`;
      const digits = r.digits === undefined ? '-' : r.digits.toFixed(2);
      out.push(`| ${[p.name, rtol.toExponential(0), r.method, status, digits, fmt(r.ms), r.nfe, r.njev, r.nlu, r.steps, sw].join(' | ')} |`);
    }
    const auto = here.find((r) => r.method === 'auto');
    const single = here.filter((r) => r.method !== 'auto' && r.accurate);
    const best = single.length ? single.reduce((m, r) => (r.ms < m.ms ? r : m)) : undefined;
    const ratio = auto?.accurate && best ? (auto.ms / best.ms).toFixed(2) : '-';
    const own = here.find((r) => auto?.methodSteps && r.method === Object.keys(auto.methodSteps)[0]);
    const pb = auto?.accurate && best ? fmtRatio(paired(auto, best)) : '-';
    const po = auto && own?.status === 'success' ? `${fmtRatio(paired(auto, own))} (${own.method})` : '-';
    summary.push(`| ${p.name} | ${rtol.toExponential(0)} | ${auto ? fmt(auto.ms) : '-'} | ${best?.method ?? '-'} | ${best ? fmt(best.ms) : '-'} | ${ratio} | ${pb} | ${po} |`);
  }
}
console.log(`node ${process.version}, ${warmup} warm-up + ${rounds} interleaved rounds (cells slower than ${slowMs} ms, or failing, run once), ${a.clock === 'cpu' ? 'CPU' : 'wall'} time`);
console.log(out.join('\n'));
console.log('');
console.log(summary.join('\n'));
if (a.json) (await import('node:fs')).writeFileSync(a.json, JSON.stringify(rows.map(({ times, ...r }) => r), null, 1));
