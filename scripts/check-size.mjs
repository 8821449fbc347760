// The house size rules, checked with the TypeScript compiler's parser: no source file over 300 lines and no
// function (declaration, method, constructor, accessor, arrow, function expression) over 80 lines, in every
// package's src/ and assembly/ (tests and scripts are exempt). Prints each offender as file:line and its length;
// exits 1 if there is any.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const EXEMPT = /(\.d\.[cm]?ts|\.test\.[cm]?[jt]sx?|\.spec\.[cm]?[jt]sx?)$/;

/** Every source file under dir, recursively, skipping test folders. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' || e.name === '__tests__' || e.name === 'node_modules' ? [] : walk(p);
    return SOURCE.test(e.name) && !EXEMPT.test(e.name) ? [p] : [];
  });
}

function sourceFiles() {
  const packages = join(root, 'packages');
  return readdirSync(packages)
    .flatMap((pkg) => ['src', 'assembly'].map((d) => join(packages, pkg, d)))
    .filter((d) => existsSync(d))
    .flatMap(walk)
    .sort();
}

/** A readable name for a function node: its own name, or the variable/property it is assigned to. */
function nameOf(node, sf) {
  if (node.name) return node.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const p = node.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.name) return p.name.getText(sf);
  return '(anonymous)';
}

const isFunction = (n) =>
  ts.isFunctionDeclaration(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isConstructorDeclaration(n) ||
  ts.isGetAccessorDeclaration(n) ||
  ts.isSetAccessorDeclaration(n) ||
  ts.isArrowFunction(n) ||
  ts.isFunctionExpression(n);

const offenders = [];
const files = sourceFiles();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const rel = relative(root, file).split(sep).join('/');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_FILE_LINES) offenders.push(`${rel}:1 file has ${lines} lines (max ${MAX_FILE_LINES})`);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (isFunction(node) && node.body) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const n = last - first + 1;
      if (n > MAX_FUNCTION_LINES) offenders.push(`${rel}:${first + 1} function ${nameOf(node, sf)} has ${n} lines (max ${MAX_FUNCTION_LINES})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

for (const o of offenders) console.log(o);
console.log(`${files.length} files checked: ${offenders.length === 0 ? 'no file over 300 lines, no function over 80' : `${offenders.length} over the limits`}`);
process.exit(offenders.length === 0 ? 0 : 1);
