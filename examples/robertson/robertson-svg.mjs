// The layout of Hairer & Wanner's figure of Robertson's problem: the three concentrations against log t, with
// B scaled by 10⁴ so that all three share the axis [0, 1]. Optional noisy samples are drawn as markers and
// optional second curves (e.g. the initial guess of a fit) dashed.

const COLORS = ['#1f77b4', '#d62728', '#2ca02c'];
/** How each state is scaled on the plot: B's concentration peaks near 3.65e-5. */
export const PLOT_SCALES = Object.freeze([1, 1e4, 1]);
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
const power = (k) => `10${String(k).replace(/./g, (ch) => SUPERSCRIPT[ch])}`;

/** Polyline path of the points with t > 0 and finite values, on a log-t axis. */
function path(ts, values, sx, sy) {
  let d = '';
  ts.forEach((t, i) => {
    if (!(t > 0) || !Number.isFinite(values[i])) return;
    d += `${d ? 'L' : 'M'}${sx(Math.log10(t)).toFixed(1)},${sy(values[i]).toFixed(1)}`;
  });
  return d;
}

function axes({ x, y, w, h, lo, hi, top, sx, sy }) {
  const out = [`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#333"/>`];
  const step = Math.max(1, Math.ceil((hi - lo) / 12));
  for (let k = Math.ceil(lo); k <= hi; k += step) {
    const px = sx(k).toFixed(1);
    out.push(`<line x1="${px}" y1="${y}" x2="${px}" y2="${y + h}" stroke="#ddd"/>`);
    out.push(`<text x="${px}" y="${y + h + 16}" font-size="11" text-anchor="middle">${power(k)}</text>`);
  }
  const tick = top > 2.1 ? Math.ceil(top / 5) : 0.2;
  for (let v = 0; v <= top; v += tick) {
    const py = sy(v).toFixed(1);
    out.push(`<line x1="${x}" y1="${py}" x2="${x + w}" y2="${py}" stroke="#eee"/>`);
    out.push(`<text x="${x - 6}" y="${(sy(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${v.toFixed(1)}</text>`);
  }
  out.push(`<text x="${x + w / 2}" y="${y + h + 36}" font-size="12" text-anchor="middle">t (log scale)</text>`);
  out.push(`<text x="${x - 40}" y="${y + h / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 ${x - 40} ${y + h / 2})">concentration</text>`);
  return out;
}

function legend(names, { x, y }, extra) {
  const out = [];
  names.forEach((name, c) => {
    const label = PLOT_SCALES[c] === 1 ? name : `${name} × ${power(Math.round(Math.log10(PLOT_SCALES[c])))}`;
    const ly = y + 18 * c;
    out.push(`<line x1="${x}" y1="${ly}" x2="${x + 24}" y2="${ly}" stroke="${COLORS[c]}" stroke-width="2"/>`);
    out.push(`<text x="${x + 30}" y="${ly + 4}" font-size="12">${esc(label)}</text>`);
  });
  extra.forEach((line, k) => out.push(`<text x="${x}" y="${y + 18 * (names.length + k) + 4}" font-size="11" fill="#444">${esc(line)}</text>`));
  return out;
}

/**
 * An SVG of Robertson's concentrations against log t (points at t ≤ 0 are left out: the axis starts at the first
 * positive time), B scaled by 10⁴.
 * @param {object} plot
 * @param {number[]} plot.ts - times of `ys`
 * @param {number[][]} plot.ys - one [A, B, C] row per time (solid lines)
 * @param {string[]} plot.names - state names, in state order
 * @param {string} plot.title
 * @param {{ ts: number[], ys: number[][], label: string }} [plot.dashed] - second curves, dashed
 * @param {{ ts: number[], ys: number[][], label: string }} [plot.markers] - samples, drawn as circles
 * @param {string[]} [plot.notes] - lines printed under the plot
 */
export function robertsonSvg({ ts, ys, names, title, dashed, markers, notes = [] }) {
  const width = 820;
  const height = 470 + 16 * notes.length;
  const box = { x: 70, y: 50, w: 560, h: 340 };
  const positive = [...ts, ...(markers?.ts ?? []), ...(dashed?.ts ?? [])].filter((t) => t > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  const sx = (lt) => box.x + ((lt - lo) / (hi - lo)) * box.w;
  const column = (rows, c) => rows.map((row) => row[c] * PLOT_SCALES[c]);
  const curves = [ys, dashed?.ys ?? [], markers?.ys ?? []].flatMap((rows) => names.flatMap((_, c) => column(rows, c)));
  // [0, 1] unless a scaled curve rises above it (a poor initial guess can)
  const top = 1.05 * Math.max(1, ...curves.filter(Number.isFinite));
  const sy = (v) => box.y + box.h - (v / top) * box.h;
  const body = axes({ ...box, lo, hi, top, sx, sy });
  names.forEach((_, c) => {
    body.push(`<path d="${path(ts, column(ys, c), sx, sy)}" fill="none" stroke="${COLORS[c]}" stroke-width="2"/>`);
    if (dashed) body.push(`<path d="${path(dashed.ts, column(dashed.ys, c), sx, sy)}" fill="none" stroke="${COLORS[c]}" stroke-width="1.2" stroke-dasharray="6,4"/>`);
    if (markers) {
      column(markers.ys, c).forEach((v, i) => {
        const t = markers.ts[i];
        if (t > 0 && Number.isFinite(v)) body.push(`<circle cx="${sx(Math.log10(t)).toFixed(1)}" cy="${sy(v).toFixed(1)}" r="2.6" fill="none" stroke="${COLORS[c]}"/>`);
      });
    }
  });
  const extra = [...(dashed ? [`dashed: ${dashed.label}`] : []), ...(markers ? [`circles: ${markers.label}`] : [])];
  const footer = notes.map((line, k) => `<text x="${box.x}" y="${box.y + box.h + 62 + 16 * k}" font-size="11" fill="#444">${esc(line)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<title>${esc(title)}</title>`,
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="${width / 2}" y="26" font-size="15" text-anchor="middle">${esc(title)}</text>`,
    ...body,
    ...legend(names, { x: box.x + box.w + 24, y: box.y + 14 }, extra),
    ...footer,
    '</svg>',
    '',
  ].join('\n');
}
