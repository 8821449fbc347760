// Quick in-process timing of bdf beside rodas5p on every stiff benchmark problem at rtol 1e-4/1e-6/1e-8: every
// cell once per round, interleaved, so a loaded machine hits both methods alike; prints, per cell, the median and
// the minimum over the rounds (the minimum is the closest to an unloaded machine) with the counts
// (nfe/njev/nlu/steps) and the correct digits of the final state (score.mjs), as JSON.
// Run after a build: node bench/stiff/bdf-quick.mjs [rounds]
import { odeint } from 'odeflow';
import { PROBLEMS, plainF, plainJacobian } from './problems/index.mjs';
import { correctDigits } from './score.mjs';
const rounds = Number(process.argv[2] ?? 15);
const cells = [];
for (const p of PROBLEMS) for (const rtol of [1e-4, 1e-6, 1e-8]) for (const m of ['bdf', 'rodas5p']) cells.push({ p, rtol, m, t: [] });
for (let r = 0; r < rounds; r++) for (const c of cells) {
  const t = performance.now();
  c.sol = odeint(plainF(c.p), c.p.y0, [c.p.t0, c.p.t1], { method: c.m, rtol: c.rtol, atol: c.p.atol(c.rtol), jacobian: plainJacobian(c.p), throwOnFailure: false });
  c.t.push(performance.now() - t);
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const out = {};
for (const c of cells) {
  const { stats, status, ys } = c.sol;
  const digits = status === 'success' ? correctDigits(Array.from(ys[ys.length - 1]), c.p.ref, c.rtol, c.p.atol(c.rtol)) : -Infinity;
  out[`${c.p.name}|${c.rtol}|${c.m}`] = { median: med(c.t), min: Math.min(...c.t), nfe: stats.nfe, njev: stats.njev, nlu: stats.nlu, steps: stats.steps, digits: Number(digits.toFixed(2)) };
}
console.log(JSON.stringify(out));
