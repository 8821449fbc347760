// Start-up cost of importing odeflow in a fresh process, against a bare `node -e ""`.
//
//   node bench/startup/import-time.mjs [rounds] [--baseline DIR]   (after a build; default 15 rounds, at least 11)
//
// --baseline DIR adds the same imports run from another built checkout (e.g. main, extracted with `git archive`,
// installed and built), interleaved in the same rounds, for a before/after table from one run.
//
// Each round runs every case once, in a rotating order so no case always follows another, each as a fresh
// `node` process started from the repository root, where the packages resolve as a user's project resolves
// them (node_modules -> the workspace packages' built dist). Wall time of the whole process, spawn to exit.
// Prints a table of medians and the ratio to bare node; the target for `import('odeflow')` is ≤ 1.5×.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const argv = process.argv.slice(2);
const b = argv.indexOf('--baseline');
const baseline = b >= 0 ? argv.splice(b, 2)[1] : undefined;
if (b >= 0 && !baseline) {
  console.error('--baseline needs the folder of a built checkout');
  process.exit(2);
}
const rounds = Number(argv[0] ?? 15);
if (!Number.isInteger(rounds) || rounds < 11) {
  console.error(`rounds must be a whole number ≥ 11; got ${argv[0]}`);
  process.exit(2);
}
const TARGET = 1.5;
const imp = (spec) => ['--input-type=module', '-e', `await import('${spec}')`];
const cases = [
  { name: 'node -e ""', args: ['-e', ''] },
  { name: "import('odeflow')", args: imp('odeflow') },
  { name: "import('@odeflow/core')", args: imp('@odeflow/core') },
  { name: "import('@odeflow/solvers')", args: imp('@odeflow/solvers') },
];
if (baseline) cases.push(...cases.slice(1).map((c) => ({ name: `baseline: ${c.name}`, args: c.args, cwd: baseline })));

/** Milliseconds from spawn to exit of one fresh `node` running args. */
function time(args, cwd = root) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const load0 = loadavg();
for (const c of cases) time(c.args, c.cwd); // warm the file-system cache; not counted
const samples = cases.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < cases.length; k++) {
    const i = (r + k) % cases.length;
    samples[i].push(time(cases[i].args, cases[i].cwd));
  }
}
const load1 = loadavg();

const bare = median(samples[0]);
const fmt = (x) => x.toFixed(1);
console.log(`node ${process.version}, ${rounds} interleaved rounds, load average ${load0.map((x) => x.toFixed(2)).join(' ')} -> ${load1.map((x) => x.toFixed(2)).join(' ')}`);
console.log('');
console.log('| case | median ms | min ms | max ms | ratio to bare node |');
console.log('|---|---:|---:|---:|---:|');
cases.forEach((c, i) => {
  const m = median(samples[i]);
  console.log(`| \`${c.name}\` | ${fmt(m)} | ${fmt(Math.min(...samples[i]))} | ${fmt(Math.max(...samples[i]))} | ${(m / bare).toFixed(2)}× |`);
});
const ratio = median(samples[1]) / bare;
console.log('');
console.log(`import('odeflow') / node -e "": ${ratio.toFixed(2)}× (target ≤ ${TARGET}×: ${ratio <= TARGET ? 'met' : 'not met'})`);
if (baseline) console.log(`baseline import('odeflow') / node -e "": ${(median(samples[cases.length - 3]) / bare).toFixed(2)}× (${baseline})`);
