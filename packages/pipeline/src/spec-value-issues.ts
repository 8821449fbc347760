import { PIPELINE_LIMITS } from './pipeline-limits.js';
import { formatSpecPath, type SpecIssue } from './spec-issue.js';

/** Keys refused anywhere in a spec: as object keys they reach prototypes instead of data. */
export const FORBIDDEN_SPEC_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Checks a spec value as plain JSON data before the schema reads it, without recursion (a document nested
 * thousands deep is one issue, not a stack overflow): nesting depth and value count within
 * {@link PIPELINE_LIMITS}, no `__proto__`/`constructor`/`prototype` key, only plain objects, arrays, strings,
 * finite numbers, booleans and null. Returns the issues (empty when the value is plain data).
 */
export function specValueIssues(input: unknown): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: input, path: [] }];
  let count = 0;
  while (stack.length > 0 && issues.length < 20) {
    const { v, path } = stack.pop()!;
    if (++count > PIPELINE_LIMITS.jsonValues) {
      issues.push({ path: '', expected: `at most ${PIPELINE_LIMITS.jsonValues} values in the document`, code: 'LIMIT_EXCEEDED', limit: PIPELINE_LIMITS.jsonValues });
      break;
    }
    const type = typeof v;
    // undefined is an absent field (JSON.stringify drops it); the schema decides whether it may be absent
    if (v === null || v === undefined || type === 'string' || type === 'boolean') continue;
    if (type === 'number') {
      if (!Number.isFinite(v)) issues.push({ path: formatSpecPath(path), expected: 'a finite number (JSON has no NaN or Infinity)', received: String(v) });
      continue;
    }
    if (type !== 'object') {
      issues.push({ path: formatSpecPath(path), expected: 'plain JSON data (object, array, string, number, boolean or null)', received: type });
      continue;
    }
    if (path.length >= PIPELINE_LIMITS.jsonDepth) {
      issues.push({ path: formatSpecPath(path), expected: `at most ${PIPELINE_LIMITS.jsonDepth} levels of nesting`, code: 'LIMIT_EXCEEDED', limit: PIPELINE_LIMITS.jsonDepth });
      continue;
    }
    if (Array.isArray(v)) {
      // an own non-index key (e.g. `constructor`) would change what array methods do
      if (Object.getPrototypeOf(v) !== Array.prototype || Object.keys(v).length > v.length) {
        issues.push({ path: formatSpecPath(path), expected: 'a plain array (JSON data, no keys besides its items)' });
        continue;
      }
      // a hole or undefined item is skipped by array methods, yet JSON would hold null there
      const hole = v.findIndex((x) => x === undefined);
      if (hole >= 0) {
        issues.push({ path: formatSpecPath([...path, hole]), expected: 'a JSON value (an array item cannot be undefined or missing)' });
        continue;
      }
      for (let k = v.length - 1; k >= 0; k--) stack.push({ v: v[k], path: [...path, k] });
      continue;
    }
    if (!isPlainObject(v as object)) {
      issues.push({ path: formatSpecPath(path), expected: 'a plain object (JSON data, not a class instance)' });
      continue;
    }
    const keys = Object.keys(v as object);
    for (const key of keys) {
      if (FORBIDDEN_SPEC_KEYS.includes(key)) {
        issues.push({ path: formatSpecPath([...path, key]), expected: `no "${key}" key (reserved: ${FORBIDDEN_SPEC_KEYS.join(', ')}); remove or rename it` });
      }
    }
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      if (!FORBIDDEN_SPEC_KEYS.includes(key)) stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return issues;
}

/** A place in a text. */
export interface TextPosition {
  /** Line, from 1. */
  readonly line: number;
  /** Column, from 1. */
  readonly column: number;
}

/**
 * The first place where JSON `text` nests deeper than {@link PIPELINE_LIMITS}.jsonDepth, found by a linear scan
 * (strings skipped), or undefined. Run before `JSON.parse`, so a deep document costs nothing to refuse.
 */
export function jsonDepthOverflow(text: string): TextPosition | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > PIPELINE_LIMITS.jsonDepth) {
        const before = text.slice(0, i).split('\n');
        return { line: before.length, column: before[before.length - 1]!.length + 1 };
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return undefined;
}
