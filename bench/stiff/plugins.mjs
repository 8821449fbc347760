// Solvers from plug-in modules for the stiff benchmark: a default-exported ContainerModule's named solvers, or
// exported solver classes constructed with { adaptive: true }. TypeScript plug-ins are bundled by esbuild into
// bench/stiff/.cache first (there, `odeflow` resolves to the workspace's build).
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createContainer, listNamed, resolveNamed, TOKENS } from 'odeflow';

const cache = join(dirname(fileURLToPath(import.meta.url)), '.cache');

async function importPlugin(file) {
  if (!file.endsWith('.ts')) return import(pathToFileURL(resolve(file)).href);
  const { build } = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  const out = join(cache, basename(file).replace(/\.ts$/, '.mjs'));
  await build({ entryPoints: [resolve(file)], bundle: true, format: 'esm', platform: 'node', outfile: out, external: ['odeflow', '@odeflow/*'], logLevel: 'error' });
  return import(pathToFileURL(out).href);
}

/** [name, solver] pairs from every plug-in file. */
export async function loadPlugins(files) {
  const found = [];
  for (const file of files) {
    const m = await importPlugin(file);
    if (m.default && typeof m.default === 'object' && 'id' in m.default) {
      const c = createContainer();
      c.load(m.default);
      for (const n of listNamed(c, TOKENS.Solver)) found.push([n, resolveNamed(c, TOKENS.Solver, n, 'solver')]);
      continue;
    }
    for (const X of Object.values(m)) {
      if (typeof X !== 'function' || !X.prototype?.createStepper) continue;
      const s = new X({ adaptive: true });
      found.push([s.name, s]);
    }
  }
  return found;
}
