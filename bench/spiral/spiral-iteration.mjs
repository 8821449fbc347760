// The spiral demo (examples/spiral, torchdiffeq's ode_demo) per backend × sensitivity: median ms per training
// iteration, f evaluations forward/backward per iteration, and the full-trajectory error at the end.
// Run after a build: node bench/spiral/spiral-iteration.mjs [iterations=200] [backends=js] [sensitivities=direct,adjoint] [seeds=0]
// e.g. node bench/spiral/spiral-iteration.mjs 2000 js direct,adjoint 0,1,2   (the 3-seed final error)
// A backend may name the block's realisation after a colon: wasm:backend-ops runs the block op by op instead of
// the wasm backend's fused kernels (the default, `auto`).
// "CPU ms/iteration" is the median over iterations of this process's CPU time (all its threads, GC included)
// between two progress updates of the training loop: far less sensitive than wall time to other processes on a
// shared machine.
import { spiralData, trainSpiral } from '../../examples/spiral/spiral-task.mjs';

const iterations = Number(process.argv[2] ?? 200);
const backends = (process.argv[3] ?? 'js').split(',');
const sensitivities = (process.argv[4] ?? 'direct,adjoint').split(',');
const seeds = (process.argv[5] ?? '0').split(',').map(Number);
const data = spiralData();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

console.log(`spiral, ${iterations} iterations, seeds ${seeds.join(',')}`);
console.log('| backend | sensitivity | median ms/iteration | CPU ms/iteration | nfe forward | nfe backward | final error (per seed) | median final error |');
console.log('|---|---|---|---|---|---|---|---|');
for (const backend of backends) {
  for (const sensitivity of sensitivities) {
    const runs = [];
    for (const seed of seeds) {
      try {
        const cpu = [];
        let last = 0;
        const cpuMs = () => {
          const u = process.cpuUsage();
          return (u.user + u.system) / 1000;
        };
        const progress = {
          start: () => (last = cpuMs()),
          update: () => {
            const now = cpuMs();
            cpu.push(now - last);
            last = now;
          },
          finish: () => {},
        };
        const [backendName, realisation = 'auto'] = backend.split(':');
        const r = await trainSpiral({ backend: backendName, realisation, sensitivity, iterations, seed, data, evalEvery: iterations, progress });
        runs.push({ ...r, cpuMsPerIteration: median(cpu.slice(0, -1)) });
      } catch (e) {
        runs.push({ failed: e.message });
      }
    }
    const ok = runs.filter((r) => !r.failed);
    if (ok.length === 0) {
      console.log(`| ${backend} | ${sensitivity} | failed: ${runs[0].failed.slice(0, 60)} | | | | | |`);
      continue;
    }
    console.log(
      `| ${backend} | ${sensitivity} | ${median(ok.map((r) => r.medianMsPerIteration)).toFixed(3)} | ${median(ok.map((r) => r.cpuMsPerIteration)).toFixed(3)} | ${median(ok.map((r) => r.nfeForwardPerIteration)).toFixed(1)} | ${median(ok.map((r) => r.nfeBackwardPerIteration)).toFixed(1)} | ${ok.map((r) => r.finalError.toFixed(3)).join(', ')} | ${median(ok.map((r) => r.finalError)).toFixed(3)} |`,
    );
  }
}
