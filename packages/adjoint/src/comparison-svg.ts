import type { ComparisonTable } from './compare-sensitivities.js';

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const W = 640;
const H = 400;
const M = { left: 78, right: 20, top: 40, bottom: 56 };

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// 1, 2 or 5 times a power of ten, so that about five ticks cover [0, max].
function tickStep(max: number): number {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(1) : String(Number(x.toPrecision(4)));
}

/**
 * The comparison as a hand-written SVG chart: peak memory (KiB) against integration length, one line
 * per method, with labelled axes, ticks and a legend. Self-contained (no scripts, no external fonts).
 */
export function toSvg(table: ComparisonTable): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const xs = table.horizons;
  const xMin = Math.min(0, ...xs);
  const xMax = Math.max(...xs);
  const kib = table.rows.map((r) => r.peakBytes / 1024);
  const xStep = tickStep(xMax - xMin || 1);
  const yStep = tickStep(Math.max(...kib, 1e-9));
  const xTop = Math.ceil(xMax / xStep) * xStep;
  const yTop = Math.ceil(Math.max(...kib, 1e-9) / yStep) * yStep;
  const X = (x: number) => M.left + ((x - xMin) / (xTop - xMin || 1)) * pw;
  const Y = (y: number) => M.top + ph - (y / yTop) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">Peak memory of the gradient against integration length</text>`);
  for (let y = 0; y <= yTop + yStep / 2; y += yStep) {
    out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${Y(y).toFixed(1)}" y2="${Y(y).toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${(Y(y) + 4).toFixed(1)}" text-anchor="end">${fmt(y)}</text>`);
  }
  for (let x = Math.ceil(xMin / xStep) * xStep; x <= xTop + xStep / 2; x += xStep) {
    out.push(`<line x1="${X(x).toFixed(1)}" x2="${X(x).toFixed(1)}" y1="${M.top + ph}" y2="${M.top + ph + 5}" stroke="black"/>`);
    out.push(`<text x="${X(x).toFixed(1)}" y="${M.top + ph + 18}" text-anchor="middle">${fmt(x)}</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="black"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="black"/>`);
  out.push(`<text x="${M.left + pw / 2}" y="${H - 14}" text-anchor="middle">integration length (horizon)</text>`);
  out.push(`<text transform="translate(18 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">peak memory (KiB)</text>`);
  table.methods.forEach((method, j) => {
    const colour = COLOURS[j % COLOURS.length];
    const pts = table.rows.filter((r) => r.method === method).map((r) => [X(r.horizon), Y(r.peakBytes / 1024)]);
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of pts) out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${colour}"/>`);
    const ly = M.top + 14 + j * 18;
    out.push(`<line x1="${M.left + 12}" x2="${M.left + 36}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<text x="${M.left + 42}" y="${ly}">${escape(method)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
