import type { ComparisonTable } from './compare-sensitivities.js';

/** `label KiB` parts of a peak, largest first, e.g. `direct tape 41.2, block workspace 28.1, tensors 2.0`. */
function composition(held: Readonly<Record<string, number>>): string {
  const parts = Object.entries(held)
    .filter(([, b]) => b > 0)
    .sort((x, y) => y[1] - x[1]);
  return parts.length === 0 ? '–' : parts.map(([label, b]) => `${label} ${(b / 1024).toFixed(1)}`).join(', ');
}

/**
 * The comparison as a Markdown table, one row per horizon and method; the last column is what the peak was
 * made of (KiB per label).
 */
export function toMarkdown(table: ComparisonTable): string {
  const lines = [
    `| method | horizon | steps | peak KiB | nfe forward | nfe backward | wall ms | rel. grad diff vs ${table.reference} | held at peak (KiB) |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of table.rows) {
    lines.push(
      `| ${r.method} | ${r.horizon} | ${r.steps} | ${(r.peakBytes / 1024).toFixed(1)} | ${r.nfeForward} | ${r.nfeBackward} | ` +
        `${r.wallMs.toFixed(1)} | ${r.relGradDiff === 0 ? '0' : r.relGradDiff.toExponential(2)} | ${composition(r.heldAtPeak ?? {})} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
