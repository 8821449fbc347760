// What 1,000 solves leave on the heap: method 'auto' on problems where it switches (Robertson over [0, 1e5], Van der
// Pol μ = 1000 over [0, 3000]) against the single method it switches to. Per method, in a fresh process: 200
// warm-up solves, then 1,000 solves with no forced collection, reading after each solve the heap in use
// (process.memoryUsage().heapUsed) — its maximum and its value after the last solve — then heapUsed after a full
// collection (what the solves truly kept). With --trace the process also counts, from V8's --trace-gc-nvp lines,
// the bytes that survived scavenges and were promoted per solve.
//
//   node bench/stiff/auto-heap.mjs [--solves 1000] [--rtol 1e-4] [--trace] [--bundle path/to/odeflow/dist/index.node.js]
//
// (--bundle: another build of the facade to measure, e.g. an older checkout's, instead of this one's)
// Needs the build (`pnpm run build`). A method's objects that outlive scavenges although the solve is over show
// as a maximum heapUsed well above the single method's and as survived bytes per solve.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({
  options: {
    solves: { type: 'string', default: '1000' },
    rtol: { type: 'string', default: '1e-4' },
    trace: { type: 'boolean', default: false },
    child: { type: 'string' },
    bundle: { type: 'string' },
  },
});

if (a.child) {
  const { createContainer, odeint } = await import(a.bundle ?? 'odeflow');
  const { PROBLEMS, plainF, plainJacobian } = await import('./problems/index.mjs');
  const [method, problem] = a.child.split(':');
  const p = PROBLEMS.find((q) => q.name === problem);
  const rtol = Number(a.rtol);
  const container = createContainer();
  const run = () => odeint(plainF(p), p.y0, [p.t0, p.t1], { method, container, rtol, atol: p.atol(rtol), jacobian: plainJacobian(p), throwOnFailure: false });
  for (let i = 0; i < 200; i++) run();
  console.log('MEASURE');
  let max = 0;
  let last = 0;
  let switches;
  for (let i = 0; i < Number(a.solves); i++) {
    switches = run().stats.switches;
    last = process.memoryUsage().heapUsed;
    if (last > max) max = last;
  }
  console.log('DONE');
  globalThis.gc();
  console.log(JSON.stringify({ max, last, kept: process.memoryUsage().heapUsed, switches }));
} else {
  const self = fileURLToPath(import.meta.url);
  const rows = [];
  for (const [method, problem] of [['auto', 'robertson'], ['rosenbrock23', 'robertson'], ['rodas5p', 'robertson'], ['auto', 'vdp-mu1000'], ['rodas5p', 'vdp-mu1000']]) {
    const flags = ['--expose-gc', ...(a.trace ? ['--trace-gc-nvp'] : [])];
    const out = execFileSync(process.execPath, [...flags, self, '--child', `${method}:${problem}`, '--solves', a.solves, '--rtol', a.rtol, ...(a.bundle ? ['--bundle', a.bundle] : [])], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const lines = out.split('\n');
    const r = JSON.parse(lines.find((l) => l.startsWith('{')));
    let survived = 0;
    let promoted = 0;
    let full = 0;
    const from = lines.indexOf('MEASURE');
    const to = lines.indexOf('DONE');
    for (const l of lines.slice(from, to)) {
      if (l.includes('gc=s ')) {
        survived += Number(/new_space_survived=(\d+)/.exec(l)?.[1] ?? 0);
        promoted += Number(/ promoted=(\d+)/.exec(l)?.[1] ?? 0);
      } else if (l.includes('gc=mc') || l.includes('gc=mmc')) full++;
    }
    rows.push({ method, problem, ...r, survived: survived / Number(a.solves), promoted: promoted / Number(a.solves), full });
  }
  const mb = (x) => (x / 2 ** 20).toFixed(1);
  const head = ['problem', 'method', 'switches per solve', 'max heapUsed (MiB)', 'heapUsed after the last solve', 'after a full GC'];
  if (a.trace) head.push('survived scavenges (B/solve)', 'promoted (B/solve)', 'full GCs');
  console.log(`node ${process.version}, rtol ${a.rtol}, ${a.solves} solves after 200 warm-up solves, one process per row${a.bundle ? `, build ${a.bundle}` : ''}`);
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const r of rows) {
    const cells = [r.problem, r.method, r.switches ?? '-', mb(r.max), mb(r.last), mb(r.kept)];
    if (a.trace) cells.push(r.survived.toFixed(0), r.promoted.toFixed(0), r.full);
    console.log(`| ${cells.join(' | ')} |`);
  }
}
