import type { PipelineSpec } from './pipeline-spec.js';
import type { SpecIssue } from './spec-issue.js';

/** Columns of the results table a metric id would overwrite. */
const TABLE_COLUMNS = ['backend', 'solver', 'sensitivity', 'seed'];

/**
 * Outputs that would overwrite each other: two sinks writing one file (names compared without case, as on
 * case-insensitive file systems), a sink file inside another sink's file, a sink named like one of
 * `reserved` (files the caller writes itself, e.g. the CLI's `results.json`), and a metric id equal to a
 * column of the results table.
 */
export function outputNameIssues(spec: PipelineSpec, reserved: readonly string[] = []): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const files = new Map<string, number>();
  const own = new Set(reserved.map((r) => r.toLowerCase()));
  spec.stages.forEach((s, i) => {
    if (s.kind === 'metric' && TABLE_COLUMNS.includes(s.id)) {
      issues.push({ path: `stages[${i}].id`, expected: `a metric id other than the results table's columns (${TABLE_COLUMNS.join(', ')})`, received: JSON.stringify(s.id) });
    }
    if (s.kind !== 'json' && s.kind !== 'svg' && s.kind !== 'checkpoint') return;
    const f = s.file.toLowerCase();
    if (own.has(f)) {
      issues.push({ path: `stages[${i}].file`, expected: `a file name other than ${reserved.join(', ')} (written by odeflow itself)`, received: JSON.stringify(s.file) });
    }
    const first = files.get(f);
    if (first !== undefined) issues.push({ path: `stages[${i}].file`, expected: `a file no other sink writes (stages[${first}] writes it too)`, received: JSON.stringify(s.file) });
    else files.set(f, i);
  });
  for (const [f, i] of files) {
    for (const [g, j] of files) {
      if (g.startsWith(`${f}/`)) issues.push({ path: `stages[${j}].file`, expected: `a file outside stages[${i}]'s file "${f}" (it cannot be a folder too)`, received: JSON.stringify(g) });
    }
  }
  return issues;
}
