import type { ComparisonTable } from './compare-sensitivities.js';

/** The comparison as a Markdown table, one row per horizon and method. */
export function toMarkdown(table: ComparisonTable): string {
  const lines = [
    `| method | horizon | steps | peak KiB | nfe forward | nfe backward | wall ms | rel. grad diff vs ${table.reference} |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of table.rows) {
    lines.push(
      `| ${r.method} | ${r.horizon} | ${r.steps} | ${(r.peakBytes / 1024).toFixed(1)} | ${r.nfeForward} | ${r.nfeBackward} | ` +
        `${r.wallMs.toFixed(1)} | ${r.relGradDiff === 0 ? '0' : r.relGradDiff.toExponential(2)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
