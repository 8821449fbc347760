// The quick start: a damped pendulum θ'' = −b·θ' − c·sin θ (b = 0.25, c = 5), from θ = π − 0.1 at rest,
// solved with dopri5 at rtol = atol = 1e-10 on the float64 `js` backend, 101 output points on [0, 10].
import { odeint } from 'odeflow';

const b = 0.25;
const c = 5.0;
const pendulum = (t, y) => [y[1], -b * y[1] - c * Math.sin(y[0])];
const ts = Array.from({ length: 101 }, (_, i) => i / 10);

const t0 = performance.now();
const sol = odeint(pendulum, [Math.PI - 0.1, 0], ts, { rtol: 1e-10, atol: 1e-10 });
const ms = performance.now() - t0;

console.log('Damped pendulum θ\'\' = −0.25 θ\' − 5 sin θ, θ(0) = π − 0.1, ω(0) = 0 (dopri5, rtol = atol = 1e-10)\n');
console.log('     t        θ(t)            ω(t)');
for (let i = 0; i < ts.length; i += 10) {
  const [theta, omega] = sol.ys[i];
  console.log(`${ts[i].toFixed(1).padStart(6)}  ${theta.toFixed(10).padStart(14)}  ${omega.toFixed(10).padStart(14)}`);
}
const { nfe, steps, accepted, rejected } = sol.stats;
console.log(`\nstatus ${sol.status}: ${nfe} evaluations, ${steps} steps (${accepted} accepted, ${rejected} rejected), ${ms.toFixed(2)} ms`);
