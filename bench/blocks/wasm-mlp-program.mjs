// The fused wasm MLP program (packages/blocks: AssemblyScript kernels driven by WasmMlpProgram), without
// tfjs around it: µs per forward, per VJP at a remembered point (f was evaluated there) and per VJP at a new
// point, for the spiral block 2→50(tanh)→2 with y³, batch 20.
// Run after a build: npx --yes pnpm@12.21.0 run build && node bench/blocks/wasm-mlp-program.mjs [rounds]
// Prints medians of `rounds` timed rounds of CPU time of this process (other processes on shared cores
// inflate it less than wall time).
import { loadMlpKernels } from '../../packages/blocks/dist/mlp-kernel-module.js';
import { WasmMlpProgram } from '../../packages/blocks/dist/wasm-mlp-program.js';

const rounds = Number(process.argv[2] ?? 9);

function cpuMicros(fn, n) {
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn(i);
    const c = process.cpuUsage(c0);
    out.push((c.user + c.system) / n);
  }
  out.sort((a, b) => a - b);
  return out[out.length >> 1];
}

let seed = 1;
function normal() {
  // Box–Muller on a small LCG: deterministic across runs
  const u = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const cases = [
  { label: 'spiral 2→50(tanh)→2, y³, batch 20', inputSize: 2, widths: [50], power: 3, batch: 20, n: 20000 },
  { label: '2→64(tanh)→64(tanh)→2, batch 512', inputSize: 2, widths: [64, 64], power: 1, batch: 512, n: 300 },
];
const kernels = await loadMlpKernels();
console.log('| MLP | forward µs | vjp, remembered point µs | vjp, new point µs |');
console.log('|---|---|---|---|');
for (const c of cases) {
  let inputs = c.inputSize;
  const layers = [...c.widths, c.inputSize].map((outputs, l, all) => {
    const layer = { inputs, outputs, activation: l === all.length - 1 ? 'identity' : 'tanh', timeWeight: false };
    inputs = outputs;
    return layer;
  });
  const program = new WasmMlpProgram(kernels, { inputSize: c.inputSize, power: c.power, layers });
  program.setParams(program.paramSizes.map((n) => Float32Array.from({ length: n }, () => 0.1 * normal())));
  const size = c.batch * c.inputSize;
  const y = Float32Array.from({ length: size }, normal);
  const a = Float32Array.from({ length: size }, normal);
  const out = new Float32Array(size);
  const gy = new Float32Array(size);
  const gp = program.paramSizes.map((n) => new Float32Array(n));
  // every call at a new t: a miss that fills the ring
  let t = 0;
  const forward = cpuMicros(() => program.forward((t += 1e-9), y, c.batch, out), c.n);
  // 32 points f was evaluated at, then VJPs cycling over them (a direct backprop's pattern, within the ring)
  const ts = Array.from({ length: 32 }, (_, i) => 1 + i * 1e-3);
  for (const ti of ts) program.forward(ti, y, c.batch, out);
  const remembered = cpuMicros((i) => program.vjp(ts[i & 31], y, a, c.batch, null, gy, gp), c.n);
  const fresh = cpuMicros(() => program.vjp((t += 1e-9), y, a, c.batch, null, gy, gp), c.n);
  console.log(`| ${c.label} | ${forward.toFixed(2)} | ${remembered.toFixed(2)} | ${fresh.toFixed(2)} |`);
}
