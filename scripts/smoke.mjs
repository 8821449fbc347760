// Imports every package's BUILT entry with plain node (no vitest, no bundler): the check that catches
// extensionless imports and missing files that vitest would hide. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let failed = 0;
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  // the `node` entry (what Node resolves) and the `import` entry (what bundlers take) where they differ
  for (const file of new Set([pkg.exports?.['.']?.node, pkg.exports?.['.']?.import ?? pkg.main].filter(Boolean))) {
    try {
      const m = await import(pathToFileURL(join(pkgDir, file)).href);
      const n = Object.keys(m).length;
      if (n === 0) throw new Error('no exports');
      console.log(`ok   ${pkg.name} ${file} (${n} exports)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${pkg.name} ${file}: ${e instanceof Error ? e.stack : e}`);
    }
  }
}
// odeflow's Node entry is one file: resolving each package through node_modules was a third of its start-up.
{
  const text = readFileSync(join(root, 'packages/odeflow/dist/index.node.js'), 'utf8');
  const statics = [...new Set([...text.matchAll(/(?:from|import)\s*"([^"]+)"/g)].map((m) => m[1]))];
  if (statics.length === 1 && statics[0] === '@odeflow/core/inversify') console.log('ok   odeflow/dist/index.node.js imports only @odeflow/core/inversify statically');
  else {
    failed++;
    console.log(`FAIL odeflow/dist/index.node.js imports ${statics.join(', ')}: a package is no longer inlined (scripts/bundle-entries.mjs)`);
  }
}
// odeflow's Node entry inlines the packages: a program importing it and the packages, in either order, still
// sees one copy of each class and registry.
for (const [first, second] of [['odeflow', '@odeflow/core'], ['@odeflow/core', 'odeflow']]) {
  const probe = `
    const a = await import('${first}'), b = await import('${second}');
    const [o, core] = '${first}' === 'odeflow' ? [a, b] : [b, a];
    const blocks = await import('@odeflow/blocks'), solvers = await import('@odeflow/solvers');
    let caught;
    try { o.odeint((t, y) => [y[0]], [1], [0, Number.NaN]); } catch (e) { caught = e; }
    const same = [o.OdeflowError === core.OdeflowError, caught instanceof core.OdeflowError, o.JsTensor === core.JsTensor,
      o.defaultBlockRealisations === blocks.defaultBlockRealisations, o.ButcherTableau === solvers.ButcherTableau];
    console.log(same.join(' '));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim() === 'true true true true true') console.log(`ok   one copy of each class importing ${first}, then ${second}`);
  else {
    failed++;
    console.log(`FAIL importing ${first}, then ${second}: classes differ or the import failed: ${r.stdout}${r.stderr}`);
  }
}
// Subpath entries of the facade and the packages.
for (const sub of [
  'packages/odeflow/dist/tfjs/index.js',
  'packages/odeflow/dist/node.js',
  'packages/train/dist/node/index.js',
  'packages/pipeline/dist/cli/index.js',
  'packages/core/dist/inversify.js',
]) {
  try {
    const m = await import(pathToFileURL(join(root, sub)).href);
    if (Object.keys(m).length === 0) throw new Error('no exports');
    console.log(`ok   ${sub} (${Object.keys(m).length} exports)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${sub}: ${e instanceof Error ? e.stack : e}`);
  }
}
// core holds no WebAssembly: in a fresh process, importing it and computing on the js backend compiles nothing.
{
  const probe = `
    let touched = 0;
    for (const k of ['Module', 'Instance', 'compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) {
      const f = WebAssembly[k];
      if (typeof f === 'function') WebAssembly[k] = new Proxy(f, { apply: (t, a, b) => (touched++, Reflect.apply(t, a, b)), construct: (t, b) => (touched++, Reflect.construct(t, b)) });
    }
    const core = await import(${JSON.stringify(pathToFileURL(join(root, 'packages/core/dist/index.js')).href)});
    const b = new core.JsBackendFactory().create();
    b.lincomb([1, 2], [b.fromArray([1]), b.fromArray([2])]);
    console.log(touched);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim() === '0') console.log('ok   @odeflow/core compiles no WebAssembly (import, js backend factory, an op)');
  else {
    failed++;
    console.log(`FAIL @odeflow/core touched WebAssembly: ${r.stdout}${r.stderr}`);
  }
}
// End-to-end through the facade's built output: solve the pendulum and load a tfjs backend lazily.
try {
  // as a user's program gets it: Node resolves the `node` entry, which inlines the packages
  const facade = await import('odeflow');
  const sol = facade.odeint((t, y) => [y[1], -0.25 * y[1] - 5 * Math.sin(y[0])], [Math.PI - 0.1, 0], [0, 10], {
    rtol: 1e-8,
    atol: 1e-8,
  });
  if (!(sol.ys.length === 2 && Number.isFinite(sol.ys[1][0]))) throw new Error('pendulum solve gave no result');
  console.log(`ok   odeint pendulum: y(10) = [${Array.from(sol.ys[1]).map((v) => v.toFixed(6)).join(', ')}], nfe ${sol.stats.nfe}`);
  // the inlined equations code loads mathjs from the facade's folder: it must be the facade's own dependency
  const js = new facade.JsBackend();
  const eq = facade.equationDynamics(js, { state: ['x', 'v'], equations: { x: 'v', v: '-x' } });
  const dx = js.toFloat64Array(eq.dynamics.f(0, js.fromArray([1, 2]), eq.params));
  if (!(dx[0] === 2 && dx[1] === -1)) throw new Error(`equations f(0, [1, 2]) gave [${dx}], not [2, -1]`);
  console.log(`ok   equations through the facade: f(0, [1, 2]) = [${dx.join(', ')}]`);
  for (const backend of ['tfjs', 'wasm']) {
    const of = await facade.createOdeflow({ backend });
    const b = of.backend;
    const x = b.fromArray([0.5, -1]);
    const out = b.autodiff.vjp((v) => b.tanh(v), [x], b.fromArray([1, 1]));
    const g = b.toFloat64Array(out.grads[0]);
    const want = [1 - Math.tanh(0.5) ** 2, 1 - Math.tanh(-1) ** 2];
    if (Math.abs(g[0] - want[0]) > 1e-5 || Math.abs(g[1] - want[1]) > 1e-5) throw new Error(`${backend} tanh gradient ${g}`);
    console.log(`ok   ${backend} backend under plain node: tanh gradient [${Array.from(g).map((v) => v.toFixed(6))}]`);
  }
  // MLP blocks on the WebAssembly kernels (built base64 module) agree between js and wasm
  const spec = { kind: 'mlp', inputSize: 2, widths: [8, 2], activation: 'tanh', inputTransform: 'cube', init: { weights: { kind: 'normal', std: 0.5 }, seed: 3 } };
  const fs = {};
  for (const backend of ['js', 'wasm']) {
    const b = (await facade.createOdeflow({ backend })).backend;
    const block = facade.realiseBlock(spec, b);
    if (block.realisation !== 'fused-kernel') throw new Error(`${backend}: block realised as ${block.realisation}, not fused-kernel`);
    fs[backend] = b.toFloat64Array(block.dynamics.f(0, b.fromArray([0.3, -0.8, 1.1, 0.2], [2, 2]), block.params));
  }
  const gap = Math.max(...fs.js.map((v, i) => Math.abs(v - fs.wasm[i])));
  if (!(gap < 1e-6)) throw new Error(`fused block f differs between js and wasm by ${gap}`);
  console.log(`ok   fused MLP block on js and wasm: f agrees to ${gap.toExponential(1)}`);
  // The bundled entries share one inversify (@odeflow/core/inversify); @odeflow/pipeline is not bundled and builds
  // its ContainerModule with the inversify package itself: modules are duck-typed, so it loads all the same.
  const node = await import(pathToFileURL(join(root, 'packages/odeflow/dist/node.js')).href);
  const kinds = facade.listNamed(node.createPipelineContainer(), facade.TOKENS.BlockKind);
  if (!kinds.includes('mlp') || !kinds.includes('equations')) throw new Error(`pipeline block kinds missing: ${kinds}`);
  console.log(`ok   a ContainerModule of the unbundled inversify loads into the bundled container: block kinds ${kinds.join(', ')}`);
} catch (e) {
  failed++;
  console.log(`FAIL end-to-end: ${e instanceof Error ? e.stack : e}`);
}
if (failed) {
  console.log(`smoke: ${failed} failure(s)`);
  process.exit(1);
}
console.log('smoke: all packages import under plain node');
