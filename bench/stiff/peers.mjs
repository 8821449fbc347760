// The peers the stiff benchmark compares against: SciPy (a Python child process that times itself) and
// diff-grok (loaded by path from outside the repository, never a dependency).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
 * diff-grok's solvers, when `path` is given: { 'diff-grok <method>': (problem, rtol) => final state }. `path` is
 * diff-grok's folder built to CommonJS in `dist-cjs` (its sources use extensionless ES imports, which plain Node
 * cannot load: `npx tsc --module commonjs --outDir dist-cjs` in the clone), or that build's index.js. diff-grok's
 * API (src/solver-tools, v1.2.0): `method(task, callback?)` with task = { name, arg: {name, start, finish, step},
 * initial, func(t, y, out), tolerance, solutionColNames } returns one Float64Array per column (the argument first)
 * on the grid start…finish by step; the callback (here `IterCheckerCallback(maxSteps)`) may stop it. One
 * `tolerance` serves as both its relative and absolute tolerance, and its Jacobian is always its own finite
 * difference. Methods: mrt, ros3prw, ros34prw, lsoda, cvode.
 */
export async function loadDiffGrok(path, maxSteps = 200000) {
  if (!path) return undefined;
  const entry = existsSync(join(path, 'dist-cjs', 'index.js')) ? join(path, 'dist-cjs', 'index.js') : path;
  if (!existsSync(entry) || statSync(entry).isDirectory()) {
    throw new Error(`no dist-cjs/index.js in ${path}: build it there with \`npx tsc --module commonjs --outDir dist-cjs\``);
  }
  const lib = createRequire(import.meta.url)(resolve(entry));
  const methods = {};
  for (const name of ['mrt', 'ros3prw', 'ros34prw', 'lsoda', 'cvode']) {
    if (typeof lib[name] !== 'function') continue;
    methods[name] = (p, rtol) => {
      const task = {
        name: p.name,
        // one grid step over the whole interval: the solution holds the initial and the final point only
        arg: { name: 't', start: p.t0, finish: p.t1, step: p.t1 - p.t0 },
        initial: p.y0,
        func: p.fInto,
        tolerance: rtol,
        solutionColNames: p.y0.map((_, i) => `y${i + 1}`),
      };
      // diff-grok's own step cap (its callback API), the same as odeflow's maxSteps: no solve runs unbounded
      const sol = lib[name](task, new lib.IterCheckerCallback(maxSteps));
      const last = sol[0].length - 1;
      if (Math.abs(sol[0][last] - p.t1) > 1e-9 * Math.abs(p.t1)) throw new Error(`stopped at t = ${sol[0][last]}`);
      return p.y0.map((_, i) => sol[i + 1][last]);
    };
  }
  if (Object.keys(methods).length === 0) throw new Error(`${entry} exports none of mrt, ros3prw, ros34prw, lsoda, cvode`);
  return methods;
}
