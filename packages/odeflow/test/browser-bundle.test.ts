import { builtinModules } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import vitestConfig from '../../../vitest.config.js';

// The facade must bundle for a browser: esbuild bundles `odeflow` from the sources (through the same aliases the
// tests use, so a new package is covered once its tests can import it) for platform 'browser', and the bundle may
// not reach a Node built-in nor carry tfjs unless a tfjs entry is imported. tfjs stays reachable on demand: the
// backend's dynamic import lands in a chunk of its own.

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), 'odeflow-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type AliasRule = { find: string | RegExp; replacement: string };

/** vitest.config.ts's resolve.alias as a list of rules (it may be an array or a record). */
function aliasRules(): AliasRule[] {
  const alias = vitestConfig.resolve?.alias ?? [];
  return Array.isArray(alias) ? (alias as AliasRule[]) : Object.entries(alias).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
}

/** Resolves `@odeflow/*` and `odeflow/*` to their sources exactly as vitest does. */
function workspaceSources(): Plugin {
  const rules = aliasRules();
  const matches = (r: AliasRule, p: string) => (typeof r.find === 'string' ? p === r.find || p.startsWith(`${r.find}/`) : r.find.test(p));
  return {
    name: 'workspace-sources',
    setup(b) {
      b.onResolve({ filter: /^@?odeflow(\/|$)/ }, (args) => {
        const rule = rules.find((r) => matches(r, args.path));
        return rule ? { path: args.path.replace(rule.find, rule.replacement) } : undefined;
      });
    },
  };
}

const builtin = new Set(builtinModules);
const isBuiltin = (p: string) => p.startsWith('node:') || builtin.has(p) || builtin.has(p.split('/')[0]);

/**
 * Records every import of a Node built-in that esbuild cannot resolve for a browser (a package's `browser` field
 * may map some away; those are fine) and keeps going, so one run lists them all.
 */
function nodeBuiltinSpy(found: string[]): Plugin {
  return {
    name: 'node-builtin-spy',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'spy' || !isBuiltin(args.path)) return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'spy' });
        if (r.errors.length === 0) return undefined; // mapped away by a `browser` field: esbuild resolves it again
        found.push(`${relative(repo, args.importer).split(sep).join('/')} imports ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Bundles `source` as an ESM entry for the browser, split so dynamic imports get chunks of their own. */
async function bundle(source: string) {
  const nodeImports: string[] = [];
  const result = await build({
    stdin: { contents: source, resolveDir: repo, sourcefile: 'entry.js', loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    outdir,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [workspaceSources(), nodeBuiltinSpy(nodeImports)],
  });
  return { metafile: result.metafile, nodeImports: nodeImports.sort() };
}

/** Inputs of the entry chunk and every chunk it imports statically: what loading the entry loads. */
function staticInputs(meta: Metafile): string[] {
  const outputs = meta.outputs;
  const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint !== undefined);
  if (!entry) throw new Error('esbuild produced no entry chunk');
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    for (const imp of outputs[queue.pop()!].imports) {
      if (imp.kind === 'import-statement' && !imp.external && !seen.has(imp.path)) seen.add(imp.path) && queue.push(imp.path);
    }
  }
  return [...seen].flatMap((o) => Object.keys(outputs[o].inputs));
}

const isTfjs = (input: string) => /(^|\/)node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?@tensorflow\//.test(input) || /^packages\/backend-[^/]+\/src\//.test(input);

describe('browser bundle of the facade', () => {
  it("bundles 'odeflow' for a browser from the sources with no Node built-in and no tfjs", async () => {
    const { metafile, nodeImports } = await bundle("export * from 'odeflow';");
    const inputs = Object.keys(metafile.inputs);
    // soft: one run reports every way the bundle falls short
    expect.soft(inputs).toContain('packages/odeflow/src/index.ts');
    expect.soft(inputs.filter((i) => /^packages\/[^/]+\/dist\//.test(i))).toEqual([]);
    expect.soft(nodeImports).toEqual([]);
    expect.soft(staticInputs(metafile).filter(isTfjs)).toEqual([]);
    // nor in a lazy chunk: the tfjs backends are optional peers, imported by a specifier a bundler cannot follow,
    // so a page that never asks for them ships none of them (one that does imports 'odeflow/tfjs', below)
    expect.soft(inputs.filter(isTfjs)).toEqual([]);
  });

  it("carries tfjs when an entry imports 'odeflow/tfjs'", async () => {
    const { metafile, nodeImports } = await bundle("export * from 'odeflow'; export * from 'odeflow/tfjs';");
    expect.soft(nodeImports).toEqual([]);
    expect.soft(staticInputs(metafile).some((i) => /@tensorflow\/tfjs-core\//.test(i))).toBe(true);
  });
});
