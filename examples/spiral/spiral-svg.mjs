// An SVG of the spiral run in the layout of ode_demo's figure: the trajectories against time, the phase
// portrait (true and learned), and the learned vector field f(y) on a grid.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v) => String(Number(v.toPrecision(3)));

function panel({ x, y, w, h, title, xLabel, yLabel, xRange, yRange, paths = [], arrows = [] }) {
  const [x0, x1] = xRange;
  const [y0, y1] = yRange;
  const sx = (v) => x + ((v - x0) / (x1 - x0)) * w;
  const sy = (v) => y + h - ((v - y0) / (y1 - y0)) * h;
  const out = [`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#333"/>`];
  for (let k = 0; k <= 4; k++) {
    const xv = x0 + ((x1 - x0) * k) / 4;
    const yv = y0 + ((y1 - y0) * k) / 4;
    out.push(`<text x="${sx(xv).toFixed(1)}" y="${y + h + 14}" font-size="10" text-anchor="middle">${fmt(xv)}</text>`);
    out.push(`<text x="${x - 4}" y="${(sy(yv) + 3).toFixed(1)}" font-size="10" text-anchor="end">${fmt(yv)}</text>`);
  }
  out.push(`<text x="${x + w / 2}" y="${y - 8}" font-size="13" text-anchor="middle">${esc(title)}</text>`);
  out.push(`<text x="${x + w / 2}" y="${y + h + 30}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(`<text x="${x - 34}" y="${y + h / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 ${x - 34} ${y + h / 2})">${esc(yLabel)}</text>`);
  for (const p of paths) {
    const d = p.points
      .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b))
      .map(([a, b], k) => `${k ? 'L' : 'M'}${sx(a).toFixed(1)},${sy(b).toFixed(1)}`)
      .join('');
    out.push(`<path d="${d}" fill="none" stroke="${p.color}" stroke-width="1.2"${p.dash ? ' stroke-dasharray="5,3"' : ''}/>`);
  }
  for (const [ax, ay, dx, dy] of arrows) {
    const bx = sx(ax + dx);
    const by = sy(ay + dy);
    out.push(`<line x1="${sx(ax).toFixed(1)}" y1="${sy(ay).toFixed(1)}" x2="${bx.toFixed(1)}" y2="${by.toFixed(1)}" stroke="#555" stroke-width="0.8"/>`);
    out.push(`<circle cx="${bx.toFixed(1)}" cy="${by.toFixed(1)}" r="1.2" fill="#555"/>`);
  }
  return out.join('\n');
}

/**
 * @param {object} run
 * @param {number[]} run.ts - sample times
 * @param {number[][]} run.trueYs - true states
 * @param {number[][]} run.learnedYs - learned states
 * @param {(y0: number, y1: number) => [number, number]} run.field - the learned vector field
 * @param {string} run.title
 */
export function spiralSvg({ ts, trueYs, learnedYs, field, title }) {
  const blue = '#2ca02c';
  const red = '#1f77b4';
  const tEnd = ts[ts.length - 1];
  const panels = [];
  panels.push(
    panel({
      x: 60, y: 50, w: 360, h: 300, title: 'Trajectories', xLabel: 't', yLabel: 'x, y',
      xRange: [0, tEnd], yRange: [-2.2, 2.2],
      paths: [
        { color: blue, points: ts.map((t, i) => [t, trueYs[i][0]]) },
        { color: blue, dash: true, points: ts.map((t, i) => [t, trueYs[i][1]]) },
        { color: red, points: ts.map((t, i) => [t, learnedYs[i][0]]) },
        { color: red, dash: true, points: ts.map((t, i) => [t, learnedYs[i][1]]) },
      ],
    }),
  );
  panels.push(
    panel({
      x: 490, y: 50, w: 300, h: 300, title: 'Phase portrait', xLabel: 'x', yLabel: 'y',
      xRange: [-2, 2], yRange: [-2, 2],
      paths: [
        { color: blue, points: trueYs.map((y) => [y[0], y[1]]) },
        { color: red, dash: true, points: learnedYs.map((y) => [y[0], y[1]]) },
      ],
    }),
  );
  const arrows = [];
  const grid = 21;
  let maxNorm = 0;
  const cells = [];
  for (let i = 0; i < grid; i++) {
    for (let j = 0; j < grid; j++) {
      const a = -2 + (4 * i) / (grid - 1);
      const b = -2 + (4 * j) / (grid - 1);
      const [u, v] = field(a, b);
      cells.push([a, b, u, v]);
      maxNorm = Math.max(maxNorm, Math.hypot(u, v));
    }
  }
  // arrows normalised to unit length, as ode_demo's streamplot shows direction rather than speed
  for (const [a, b, u, v] of cells) {
    const nrm = Math.hypot(u, v) || 1;
    arrows.push([a, b, (0.15 * u) / nrm, (0.15 * v) / nrm]);
  }
  panels.push(panel({ x: 860, y: 50, w: 300, h: 300, title: 'Learned vector field', xLabel: 'x', yLabel: 'y', xRange: [-2.2, 2.2], yRange: [-2.2, 2.2], arrows }));
  const legend = [
    `<line x1="70" y1="395" x2="95" y2="395" stroke="${blue}" stroke-width="2"/><text x="100" y="399" font-size="11">true</text>`,
    `<line x1="150" y1="395" x2="175" y2="395" stroke="${red}" stroke-width="2"/><text x="180" y="399" font-size="11">learned (x solid, y dashed)</text>`,
  ].join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="420" viewBox="0 0 1200 420" font-family="sans-serif">`,
    `<rect width="1200" height="420" fill="white"/>`,
    `<text x="600" y="20" font-size="14" text-anchor="middle">${esc(title)}</text>`,
    ...panels,
    legend,
    `</svg>`,
  ].join('\n');
}
