// The peers the stiff benchmark compares against: SciPy (a Python child process that times itself) and
// diff-grok (loaded by path from outside the repository, never a dependency).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Whether `python3 -c "import scipy"` works; the reason when not. */
export function scipyAvailable() {
  const r = spawnSync('python3', ['-c', 'import scipy, numpy; print(scipy.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? { ok: true, version: r.stdout.trim() } : { ok: false, reason: (r.stderr || r.error?.message || 'python3 failed').trim().split('\n').pop() };
}

/**
 * Run SciPy's methods on every problem × rtol, `rounds` interleaved rounds timed inside Python.
 * Returns { scipy, checks: {name: [f at each check point]}, runs: [{problem, rtol, method, ms, y, nfe, njev, nlu, steps, status}] }.
 */
export function runScipy(problems, rtols, rounds, methods = ['Radau', 'BDF', 'LSODA']) {
  const job = {
    rtols,
    rounds,
    methods,
    problems: problems.map((p) => ({
      name: p.name,
      y0: p.y0,
      t0: p.t0,
      t1: p.t1,
      atol: rtols.map((r) => p.atol(r)),
      checkPoints: checkPoints(p),
    })),
  };
  const r = spawnSync('python3', [join(here, 'scipy_peer.py')], { input: JSON.stringify(job), encoding: 'utf8', cwd: here, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`scipy_peer.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Where f is compared between the JavaScript and the Python definitions: y0, and a state off every zero. */
export function checkPoints(p) {
  return [
    [p.t0, p.y0],
    [p.t0 + 1, p.ref.map((v, i) => (Math.abs(v) < 1e-30 ? 1e-4 * (i + 1) : v * (1 + 0.01 * (i + 1))))],
  ];
}

/**
 * diff-grok's solvers, when `path` (a package folder or an entry file) is given: { name: (problem, rtol, atol) =>
 * final state }. Written against diff-grok's README (an `ODEs` task of name, arg {name, start, finish, step},
 * initial, func(t, y, out), tolerance, solutionColNames; methods `mrt`, `ros3prw`, `ros34prw`, and `lsoda`/`cvode`
 * where the version has them), taking the last row of the solution.
 */
export async function loadDiffGrok(path) {
  if (!path) return undefined;
  let entry = path;
  if (existsSync(join(path, 'package.json'))) entry = join(path, (await import(pathToFileURL(join(path, 'package.json')), { with: { type: 'json' } })).default.main ?? 'index.js');
  const m = await import(pathToFileURL(entry).href);
  const lib = m.default && typeof m.default === 'object' ? { ...m.default, ...m } : m;
  const methods = {};
  for (const name of ['mrt', 'ros3prw', 'ros34prw', 'lsoda', 'cvode']) {
    if (typeof lib[name] !== 'function') continue;
    methods[`diff-grok ${name}`] = (p, rtol) => {
      const task = {
        name: p.name,
        arg: { name: 't', start: p.t0, finish: p.t1, step: p.t1 - p.t0 },
        initial: p.y0,
        func: (t, y, out) => p.fInto(t, y, out),
        tolerance: rtol,
        solutionColNames: p.y0.map((_, i) => `y${i + 1}`),
      };
      const sol = lib[name](task);
      // one Float64Array per column, the argument first
      return p.y0.map((_, i) => sol[i + 1][sol[i + 1].length - 1]);
    };
  }
  return methods;
}
