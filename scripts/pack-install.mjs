// The packed-install check (`pnpm run check:pack`, after a build): packs every workspace package except the
// tfjs backends with `pnpm pack` (it rewrites workspace:* to versions; npm pack would not), installs the tarballs
// into a fresh npm project, and checks as a user would that
//   - tfjs is not installed (the backends are optional),
//   - a plain .mjs importing 'odeflow' solves the damped pendulum, θ(10) equal to the workspace's own solve,
//   - a strict .ts (module nodenext, types: [] so no @types/node) compiles with that project's tsc and does the same,
//   - createOdeflow({ backend: 'tfjs' | 'wasm' }) rejects with BACKEND_UNAVAILABLE naming the package to install.
// Prints one line per check; exits 1 if any fails. The temporary folder is removed in every case.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const PNPM = ['npx', '--yes', rootManifest.packageManager ?? 'pnpm'];
const TYPESCRIPT = `typescript@${rootManifest.devDependencies?.typescript ?? '5.9.3'}`;
const OPTIONAL = /^@odeflow\/backend-/; // installed only by users who want a tfjs backend
const PENDULUM = {
  f: '(t, y) => [y[1], -0.25 * y[1] - 5 * Math.sin(y[0])]',
  y0: '[Math.PI - 0.1, 0]',
  ts: '[0, 10]',
  options: '{ rtol: 1e-8, atol: 1e-8 }',
};

let failed = 0;
const report = (ok, name, detail) => {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
};

/** Runs a command; returns its exit status and output (never throws). */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim() };
}

const lastLines = (s, n = 6) => s.split('\n').filter(Boolean).slice(-n).join(' | ');

function workspacePackages() {
  return readdirSync(join(root, 'packages'))
    .filter((d) => existsSync(join(root, 'packages', d, 'package.json')))
    .map((d) => ({ dir: join(root, 'packages', d), manifest: JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')) }))
    .filter((p) => !p.manifest.private && !OPTIONAL.test(p.manifest.name));
}

/** θ(10) of the pendulum from the workspace's built facade: the value every installed copy must reproduce. */
async function referenceTheta() {
  const facade = JSON.parse(readFileSync(join(root, 'packages/odeflow/package.json'), 'utf8'));
  const entry = join(root, 'packages/odeflow', facade.exports?.['.']?.import ?? facade.main);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run the build first (npx --yes pnpm@12.21.0 run build)`);
  const { odeint } = await import(pathToFileURL(entry).href);
  // eslint-disable-next-line no-new-func
  const solve = new Function('odeint', `return odeint(${PENDULUM.f}, ${PENDULUM.y0}, ${PENDULUM.ts}, ${PENDULUM.options});`);
  return solve(odeint).ys[1][0];
}

const userMjs = `import { odeint } from 'odeflow';
const sol = odeint(${PENDULUM.f}, ${PENDULUM.y0}, ${PENDULUM.ts}, ${PENDULUM.options});
console.log(JSON.stringify({ theta: sol.ys[1][0] }));
`;
const userTs = `import { odeint, type OdeintResult } from 'odeflow';
const f = (t: number, y: Float64Array): number[] => [y[1], -0.25 * y[1] - 5 * Math.sin(y[0])];
const sol: OdeintResult = odeint(f, ${PENDULUM.y0}, ${PENDULUM.ts}, ${PENDULUM.options});
const theta: number = sol.ys[1][0];
console.log(JSON.stringify({ theta }));
`;
const userTsconfig = {
  compilerOptions: {
    strict: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
    skipLibCheck: false,
    outDir: 'out',
  },
  files: ['check.ts'],
};
const backendMjs = `import { createOdeflow } from 'odeflow';
const out = {};
for (const backend of ['tfjs', 'wasm']) {
  try {
    await createOdeflow({ backend });
    out[backend] = { resolved: true };
  } catch (e) {
    out[backend] = { code: e?.code, message: String(e?.message ?? e) };
  }
}
console.log(JSON.stringify(out));
`;

/** The JSON line a user script printed, or undefined. */
function parseLast(out) {
  const line = out.split('\n').reverse().find((l) => l.startsWith('{'));
  try {
    return line ? JSON.parse(line) : undefined;
  } catch {
    return undefined;
  }
}

function checkTheta(name, r, want) {
  const got = parseLast(r.out)?.theta;
  const ok = r.ok && typeof got === 'number' && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));
  report(ok, name, ok ? `θ(10) = ${got} (workspace ${want})` : `θ(10) = ${got} against ${want}: ${lastLines(r.out)}`);
}

async function main(tmp) {
  const t0 = Date.now();
  const want = await referenceTheta();
  const tarballs = join(tmp, 'tarballs');
  mkdirSync(tarballs);
  const packs = workspacePackages().map((p) => ({ name: p.manifest.name, ...run(PNPM[0], [...PNPM.slice(1), 'pack', '--pack-destination', tarballs], p.dir) }));
  const bad = packs.filter((p) => !p.ok);
  const files = readdirSync(tarballs).filter((f) => f.endsWith('.tgz'));
  report(bad.length === 0, 'pack', bad.length === 0 ? `${files.length} tarballs (${packs.map((p) => p.name).join(', ')})` : bad.map((p) => `${p.name}: ${lastLines(p.out)}`).join('; '));
  if (bad.length > 0) {
    console.log('skip install and every check after it: packing failed');
    return;
  }

  const project = join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'odeflow-pack-check', private: true, type: 'module' }, null, 2));
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...files.map((f) => join(tarballs, f)), TYPESCRIPT], project);
  report(install.ok, 'install', install.ok ? `npm installed ${files.length} tarballs and ${TYPESCRIPT}` : lastLines(install.out));
  if (!install.ok) {
    console.log('skip no tfjs, mjs, ts, tfjs/wasm unavailable: nothing installed to check');
    return;
  }
  const tfjs = existsSync(join(project, 'node_modules/@tensorflow'));
  const typesNode = existsSync(join(project, 'node_modules/@types/node'));
  report(!tfjs && !typesNode, 'no tfjs', tfjs ? 'node_modules/@tensorflow was installed' : typesNode ? 'node_modules/@types/node was installed (the .ts check would not prove anything)' : 'no node_modules/@tensorflow, no @types/node');

  writeFileSync(join(project, 'check.mjs'), userMjs);
  checkTheta('mjs', run(process.execPath, ['check.mjs'], project), want);

  writeFileSync(join(project, 'check.ts'), userTs);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(userTsconfig, null, 2));
  const tsc = run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], project);
  if (!tsc.ok) report(false, 'ts', `tsc (strict, types: []) failed: ${lastLines(tsc.out, 10)}`);
  else checkTheta('ts', run(process.execPath, ['out/check.js'], project), want);

  writeFileSync(join(project, 'backend.mjs'), backendMjs);
  const br = run(process.execPath, ['backend.mjs'], project);
  const got = parseLast(br.out);
  for (const backend of ['tfjs', 'wasm']) {
    const e = got?.[backend];
    const pkg = `@odeflow/backend-${backend}`;
    const ok = e?.code === 'BACKEND_UNAVAILABLE' && e.message.includes(pkg);
    report(ok, `${backend} unavailable`, e ? `${e.code ?? 'resolved'}: ${e.message ?? 'createOdeflow resolved'}${ok ? '' : ` (want BACKEND_UNAVAILABLE naming ${pkg})`}` : lastLines(br.out));
  }
  console.log(`pack-install: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const tmp = mkdtempSync(join(tmpdir(), 'odeflow-pack-'));
try {
  await main(tmp);
} catch (e) {
  report(false, 'pack-install', e instanceof Error ? e.message : String(e));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
