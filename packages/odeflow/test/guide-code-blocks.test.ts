import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every ```js block of a guide in docs/guides is a complete program: it runs as written, with plain node, against
// the BUILT packages, as a reader would paste it into a file. (```ts blocks are fragments and are not run.) Build
// incrementally first (CI builds before testing; an existing build is used when the rebuild fails).
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const guides = join(root, 'docs/guides');

/** The ```js blocks of a Markdown file, with the line each starts on. */
function jsBlocks(file: string): { line: number; code: string }[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: { line: number; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```js') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

const cases = readdirSync(guides)
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => jsBlocks(join(guides, f)).map((b) => ({ name: `${f}:${b.line}`, code: b.code })));

// Inside node_modules, so that `import 'odeflow'` resolves to the workspace's package as it does for a user.
let dir = '';

describe('guide code blocks', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(root, 'node_modules', '.guide-blocks-'));
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'packages/odeflow/tsconfig.json')], { cwd: root, stdio: 'pipe' });
      // tsc re-emits only changed files: rebuild the entry bundles so that none is older than its sources
      execFileSync(process.execPath, [join(root, 'scripts/bundle-entries.mjs')], { cwd: root, stdio: 'pipe' });
    } catch (e) {
      if (!existsSync(join(root, 'packages/odeflow/dist/index.js'))) throw e;
    }
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the stiff-problems guide and its blocks', () => {
    expect(cases.filter((c) => c.name.startsWith('stiff-problems.md:')).length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('$name runs as written', ({ name, code }) => {
    const file = join(dir, `${name.replace(/[^A-Za-z0-9]+/g, '-')}.mjs`);
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr, `${name} wrote to stderr`).toBe('');
    expect(r.status, `${name} exited with ${r.status}:\n${r.stdout}`).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
  }, 150_000);
});
