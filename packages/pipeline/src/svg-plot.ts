/** One trajectory to plot. */
export interface PlotSeries {
  /** Legend label. */
  readonly label: string;
  /** Sample times. */
  readonly ts: readonly number[];
  /** One state row per time. */
  readonly ys: readonly (readonly number[])[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(3))));

interface Panel {
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  xLabel: string;
  yLabel: string;
  lines: { color: string; dash: boolean; points: [number, number][] }[];
}

function bounds(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

function panel(p: Panel): string {
  const xs = p.lines.flatMap((l) => l.points.map((q) => q[0]));
  const ys = p.lines.flatMap((l) => l.points.map((q) => q[1]));
  const [x0, x1] = bounds(xs);
  const [y0, y1] = bounds(ys);
  const sx = (v: number) => p.x + ((v - x0) / (x1 - x0)) * p.w;
  const sy = (v: number) => p.y + p.h - ((v - y0) / (y1 - y0)) * p.h;
  const out: string[] = [];
  out.push(`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" fill="none" stroke="#333"/>`);
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4;
    const yv = y0 + ((y1 - y0) * k) / 4;
    out.push(`<text x="${sx(xv).toFixed(1)}" y="${p.y + p.h + 14}" font-size="10" text-anchor="middle">${fmt(xv)}</text>`);
    out.push(`<text x="${p.x - 4}" y="${(sy(yv) + 3).toFixed(1)}" font-size="10" text-anchor="end">${fmt(yv)}</text>`);
  }
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y - 8}" font-size="12" text-anchor="middle">${esc(p.title)}</text>`);
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y + p.h + 30}" font-size="11" text-anchor="middle">${esc(p.xLabel)}</text>`);
  out.push(`<text x="${p.x - 38}" y="${p.y + p.h / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 ${p.x - 38} ${p.y + p.h / 2})">${esc(p.yLabel)}</text>`);
  for (const l of p.lines) {
    const d = l.points.filter((q) => Number.isFinite(q[0]) && Number.isFinite(q[1])).map((q, k) => `${k ? 'L' : 'M'}${sx(q[0]).toFixed(1)},${sy(q[1]).toFixed(1)}`).join('');
    out.push(`<path d="${d}" fill="none" stroke="${l.color}" stroke-width="1.3"${l.dash ? ' stroke-dasharray="5,3"' : ''}/>`);
  }
  return out.join('\n');
}

/**
 * An SVG of trajectories: every state component against time (one colour per series, one dash style per
 * component), and for 2-D states the phase portrait y₁ against y₀. Labelled axes, a title and a legend.
 */
export function plotTrajectoriesSvg(series: readonly PlotSeries[], title = 'trajectories'): string {
  const dims = Math.max(1, ...series.map((s) => s.ys[0]?.length ?? 1));
  const phase = dims === 2;
  const width = phase ? 980 : 560;
  const height = 380;
  const panels: Panel[] = [
    {
      x: 60, y: 40, w: 440, h: 270, title: 'state against time', xLabel: 't', yLabel: 'y',
      lines: series.flatMap((s, i) =>
        Array.from({ length: dims }, (_, c) => ({ color: COLORS[i % COLORS.length]!, dash: c > 0, points: s.ts.map((t, k) => [t, s.ys[k]?.[c] ?? NaN] as [number, number]) })),
      ),
    },
  ];
  if (phase) {
    panels.push({
      x: 580, y: 40, w: 370, h: 270, title: 'phase portrait', xLabel: 'y[0]', yLabel: 'y[1]',
      lines: series.map((s, i) => ({ color: COLORS[i % COLORS.length]!, dash: false, points: s.ys.map((y) => [y[0]!, y[1]!] as [number, number]) })),
    });
  }
  const legend = series
    .map((s, i) => `<rect x="${60 + i * 150}" y="${height - 28}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${76 + i * 150}" y="${height - 18}" font-size="11">${esc(s.label)}</text>`)
    .join('\n');
  const note = dims > 1 ? `<text x="${width - 10}" y="${height - 18}" font-size="10" text-anchor="end">solid: y[0]; dashed: y[1..${dims - 1}]</text>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="18" font-size="14" text-anchor="middle">${esc(title)}</text>`,
    ...panels.map(panel),
    legend,
    note,
    '</svg>',
    '',
  ].join('\n');
}
