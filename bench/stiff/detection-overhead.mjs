// Cost of the stiffness check on a non-stiff problem: Lorenz with dopri5 through odeint, the check as shipped
// (default) and tested on every step ({ every: 1 }) against `stiffnessCheck: false` (the loop as it was before
// the check, but for one test of an undefined field per accepted step); interleaved rounds, medians of the
// process's CPU time per solve (steadier than wall time on a shared machine) and of wall time.
//   node bench/stiff/detection-overhead.mjs [rounds=60] [reps=10]
import { odeint } from 'odeflow';

const rounds = Number(process.argv[2] ?? 60);
const reps = Number(process.argv[3] ?? 10);
const lorenz = (_t, y) => [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - (8 / 3) * y[2]];
const MODES = { off: false, default: true, every1: { every: 1 } };
const run = (mode) => odeint(lorenz, [1, 0, 0], [0, 20], { rtol: 1e-8, atol: 1e-8, stiffnessCheck: MODES[mode] });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const ref = run('off');
for (const m of Object.keys(MODES)) if (run(m).stats.nfe !== ref.stats.nfe) throw new Error('the check changed the solve');
for (let i = 0; i < 60; i++) run(Object.keys(MODES)[i % 3]);
const cpu = { off: [], default: [], every1: [] };
const wall = { off: [], default: [], every1: [] };
for (let r = 0; r < rounds; r++) {
  const order = Object.keys(MODES);
  for (let s = r % 3; s > 0; s--) order.push(order.shift());
  for (const mode of order) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) run(mode);
    wall[mode].push((performance.now() - t0) / reps);
    const c = process.cpuUsage(c0);
    cpu[mode].push((c.user + c.system) / 1e3 / reps);
  }
}
console.log(`Lorenz dopri5 rtol=atol=1e-8 on [0, 20] (${ref.stats.nfe} nfe, ${ref.stats.accepted} accepted steps), node ${process.version}, ${rounds} interleaved rounds × ${reps}`);
for (const m of ['default', 'every1']) {
  console.log(
    `${m.padEnd(8)} cpu ${median(cpu[m]).toFixed(3)} ms vs off ${median(cpu.off).toFixed(3)}: ratio ${(median(cpu[m]) / median(cpu.off)).toFixed(4)}; ` +
      `wall ${median(wall[m]).toFixed(3)} vs ${median(wall.off).toFixed(3)}: ratio ${(median(wall[m]) / median(wall.off)).toFixed(4)}`,
  );
}
