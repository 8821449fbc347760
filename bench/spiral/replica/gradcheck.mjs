// Does differentiating through dt(θ) matter? Compare our direct gradient (dt held fixed) with central finite
// differences of the batch loss computed by the full adaptive solve (every step size re-chosen from θ).
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('../../..', import.meta.url)); // the repository, built with `pnpm run build`
const { createOdeflow, realiseBlock } = await import(`${root}/packages/odeflow/dist/index.js`);
const { spiralData, spiralBlockSpec, trainSpiral } = await import(`${root}/examples/spiral/spiral-task.mjs`);
const data = spiralData();
const flow = await createOdeflow({ backend: 'js', solver: 'dopri5', sensitivity: 'direct', options: { rtol: 1e-7, atol: 1e-9 } });
const b = flow.backend;
const iters = Number(process.argv[2] ?? 0);
let params;
const block = realiseBlock(spiralBlockSpec(0), b);
if (iters > 0) {
  const run = await trainSpiral({ seed: 0, iterations: iters, evalEvery: 1e9, data });
  params = run.params.map((p, k) => b.fromArray(p, block.paramShapes[k]));
} else params = block.params;
const starts = [3, 50, 120, 200, 333, 400, 470, 512, 600, 640, 700, 733, 777, 800, 850, 880, 900, 930, 960, 985];
const B = starts.length, T = 10;
const y0 = new Float64Array(2 * B);
starts.forEach((s, i) => y0.set(data.ys[s], 2 * i));
const ts = data.ts.slice(0, T);
const count = B * T * 2;
const loss = (ps) => {
  const sol = flow.solve({ dynamics: block.dynamics, y0: b.fromArray(y0, [B, 2]), ts, params: ps });
  let l = 0;
  sol.ys.forEach((y, i) => { const v = b.toFloat64Array(y); for (let j = 0; j < B; j++) for (let k = 0; k < 2; k++) l += Math.abs(v[2 * j + k] - data.ys[starts[j] + i][k]); });
  return { l: l / count, nfe: sol.stats?.nfe };
};
const run = flow.run({ dynamics: block.dynamics, y0: b.fromArray(y0, [B, 2]), ts, params });
const cot = run.solution.ys.map((y, i) => {
  const v = b.toFloat64Array(y); const c = new Float64Array(2 * B);
  for (let j = 0; j < B; j++) for (let k = 0; k < 2; k++) c[2 * j + k] = Math.sign(v[2 * j + k] - data.ys[starts[j] + i][k]) / count;
  return b.fromArray(c, [B, 2]);
});
const g = run.backward(cot).params.map((p) => b.toFloat64Array(p));
const flat = params.map((p) => Float64Array.from(b.toFloat64Array(p)));
let num = 0, den = 0, maxRel = 0, n = 0;
for (const h of [1e-6]) {
  for (let pi = 0; pi < flat.length; pi++) {
    for (let k = 0; k < flat[pi].length; k++) {
      const mk = (d) => flat.map((a, q) => { const c = Float64Array.from(a); if (q === pi) c[k] += d; return b.fromArray(c, block.paramShapes[q]); });
      const fd = (loss(mk(h)).l - loss(mk(-h)).l) / (2 * h);
      const an = g[pi][k];
      num += (fd - an) ** 2; den += an ** 2; n++;
    }
  }
  console.log(JSON.stringify({ iters, h, params: n, loss: loss(params).l, relL2: Math.sqrt(num / den), gradNorm: Math.sqrt(den) }));
}
