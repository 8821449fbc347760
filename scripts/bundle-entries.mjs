// Ships each browser-safe package entry as one ES module file, so that `import 'odeflow'` costs a handful of file
// loads instead of ~500 (inversify alone is ~250 ES modules, which tripled Node's start-up time) — and, under
// Node, one file for the whole facade: resolving ~30 package imports through node_modules cost a third of it.
// Two files per entry, chosen by the `exports` condition:
// - `import` (bundlers, browsers): dist/index.js, an esbuild bundle of the package's own sources with the other
//   packages kept as external imports — one module instance per package, tree-shakable by a user's bundler.
// - `node`: dist/index.node.js. The facade's inlines the sources of every package below; each package's
//   evaluates its own. Classes must still exist once per process when a program imports both `odeflow` and
//   `@odeflow/core` (`instanceof OdeflowError`, the block realisation registry the tfjs backends fill), so each
//   copy of a package exports, through a process-wide registry keyed by package name and version, the exports of
//   the first copy that loaded — its own when it is the first. Inside the facade, package-to-package imports go
//   through that registry too.
// - inversify and reflect-metadata are bundled once, into @odeflow/core/inversify (dist/inversify.js), and every
//   bundle's `inversify`/`reflect-metadata` import points there.
// Run after `tsc -b tsconfig.build.json` (the root `build` script does); tsc alone leaves working unbundled files.
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Packages whose main entry is bundled: everything the facade's main entry reaches. */
const BUNDLED = ['core', 'solvers', 'adjoint', 'blocks', 'equations', 'train', 'runtime'];
const FACADE = 'odeflow';
const SHARED_DI = '@odeflow/core/inversify';

const common = {
  bundle: true,
  format: 'esm',
  // neutral: a Node built-in import in a browser-safe package fails the build instead of being shipped
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  // smaller files parse faster: start-up is dominated by compiling the bundles (local names are kept)
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  packages: 'external',
  alias: { inversify: SHARED_DI, 'reflect-metadata': SHARED_DI },
};

/**
 * Build, then write each output only when it changed, by rename: tests rebuild while other tests run the
 * built files, and an unchanged bundle must not be rewritten under them.
 */
async function bundle(options) {
  const { outputFiles } = await build({ ...options, write: false });
  for (const f of outputFiles) {
    if (existsSync(f.path) && readFileSync(f.path, 'utf8') === f.text) continue;
    writeFileSync(`${f.path}.tmp`, f.contents);
    renameSync(`${f.path}.tmp`, f.path);
  }
}

const pkgDir = (name) => join(root, 'packages', name);
const entry = (name) => join(pkgDir(name), 'src/index.ts');

/** The runtime export names of a package's entry, from its bundle's metafile. */
async function exportNames(name) {
  const r = await build({ ...common, absWorkingDir: pkgDir(name), entryPoints: [entry(name)], outdir: 'dist', write: false, metafile: true, sourcemap: false });
  // names re-exported with `export *` from another package are unknown until run time: the stub would drop them
  if (r.outputFiles.some((f) => f.path.endsWith('.js') && /export\s*\*\s*from/.test(f.text))) {
    throw new Error(`bundle-entries: packages/${name} re-exports another package with \`export *\`; name the exports instead.`);
  }
  return Object.values(r.metafile.outputs).flatMap((o) => o.exports ?? []);
}

/** A package's registry stub: imports its sources, exports the first registered copy of this package and version. */
function registryStub(name, names) {
  const { name: pkg, version } = JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8'));
  const key = JSON.stringify(`${pkg}@${version}`);
  return [
    `import { ${names.map((n, i) => `${n} as $${i}`).join(', ')} } from ${JSON.stringify(entry(name))};`,
    `const $registry = (globalThis[Symbol.for('odeflow.packages')] ??= new Map());`,
    `if (!$registry.has(${key})) $registry.set(${key}, { ${names.map((n, i) => `${n}: $${i}`).join(', ')} });`,
    `export const { ${names.join(', ')} } = $registry.get(${key});`,
    '',
  ].join('\n');
}

// Third-party code whose local names nobody reads: mangled too, which halves its size again.
await bundle({ ...common, packages: undefined, alias: undefined, minify: true, absWorkingDir: pkgDir('core'), entryPoints: ['src/inversify.ts'], outfile: 'dist/inversify.js' });
for (const name of [...BUNDLED, FACADE]) {
  if (!existsSync(join(pkgDir(name), 'dist'))) {
    console.error(`bundle-entries: packages/${name}/dist is missing; run \`npx tsc -b tsconfig.build.json\` first.`);
    process.exit(1);
  }
}
const names = new Map(await Promise.all(BUNDLED.map(async (n) => [n, await exportNames(n)])));
for (const name of [...BUNDLED, FACADE]) {
  const dir = pkgDir(name);
  await bundle({ ...common, absWorkingDir: dir, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' });
  if (name === FACADE) continue;
  const stdin = { contents: registryStub(name, names.get(name)), resolveDir: dir, sourcefile: 'index.node.js', loader: 'js' };
  await bundle({ ...common, absWorkingDir: dir, stdin, outfile: 'dist/index.node.js' });
}
/**
 * The facade's Node file runs the inlined packages' code from the facade's folder, so every package their code
 * imports at run time must be resolvable from there: a dependency (or peer) of the facade itself. Under pnpm's
 * strict layout a missing one only fails when that code path runs (e.g. `mathjs` on the first equation).
 */
function checkFacadeDependencies(metafile) {
  const pkg = JSON.parse(readFileSync(join(pkgDir(FACADE), 'package.json'), 'utf8'));
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const bare = (p) => (p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0]);
  const missing = new Set();
  for (const input of Object.values(metafile.inputs)) {
    for (const i of input.imports ?? []) {
      if (!i.external || i.path.startsWith('.') || i.path.startsWith('node:')) continue;
      if (!declared.has(bare(i.path))) missing.add(bare(i.path));
    }
  }
  if (missing.size > 0) {
    console.error(`bundle-entries: odeflow's Node file imports ${[...missing].join(', ')}, which packages/${FACADE}/package.json does not declare; add them to its dependencies (or peerDependencies).`);
    process.exit(1);
  }
}

/** Inside the facade's Node file, `@odeflow/<bundled>` is that package's registry stub over its inlined sources. */
const inlinePackages = {
  name: 'odeflow-inline-packages',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^@odeflow/(${BUNDLED.join('|')})$`) }, (a) => ({ path: a.path.slice('@odeflow/'.length), namespace: 'odeflow-package' }));
    b.onLoad({ filter: /.*/, namespace: 'odeflow-package' }, (a) => ({ contents: registryStub(a.path, names.get(a.path)), resolveDir: pkgDir(a.path), loader: 'js' }));
  },
};
const facadeNode = { ...common, absWorkingDir: pkgDir(FACADE), entryPoints: ['src/index.ts'], outfile: 'dist/index.node.js', plugins: [inlinePackages] };
await bundle(facadeNode);
checkFacadeDependencies((await build({ ...facadeNode, write: false, metafile: true, sourcemap: false })).metafile);
console.log(`bundle-entries: ${2 * BUNDLED.length + 3} bundles up to date (odeflow's Node entry inlines ${BUNDLED.length} packages; inversify shared from ${SHARED_DI})`);
