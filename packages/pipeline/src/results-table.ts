/** One row of an experiment's results table: the choices of a run and its numbers. */
export type ResultsRow = Readonly<Record<string, string | number>>;

const cell = (v: string | number | undefined) =>
  v === undefined ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(4)) : v.replace(/\|/g, '\\|');

/** The columns of `rows`, in first-seen order. */
export function resultsColumns(rows: readonly ResultsRow[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

/** A results table as GitHub Markdown (numbers to 4 significant digits; missing cells empty). */
export function resultsToMarkdown(rows: readonly ResultsRow[]): string {
  const cols = resultsColumns(rows);
  if (cols.length === 0) return '(no results)\n';
  const lines = [`| ${cols.join(' | ')} |`, `|${cols.map((c) => (typeof rows[0]?.[c] === 'number' ? '---:' : '---')).join('|')}|`];
  for (const r of rows) lines.push(`| ${cols.map((c) => cell(r[c])).join(' | ')} |`);
  return lines.join('\n') + '\n';
}
