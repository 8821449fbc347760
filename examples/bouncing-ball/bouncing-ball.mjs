// A ball under gravity bouncing on the floor: a terminal event stops each flight at the impact, the
// state is reset (velocity reversed and scaled by the restitution), and the solve restarts from there.
import { JsBackend } from '@odeflow/core';
import { dopri5, integrate } from '@odeflow/solvers';

/**
 * Simulate `bounces` impacts of a ball dropped from `height` (m) at rest, with gravity `g` (m/s²) and
 * coefficient of restitution `restitution`. Returns the impact times, the impact speeds and the total
 * f evaluations.
 */
export function simulateBouncingBall({ height = 10, g = 9.81, restitution = 0.9, bounces = 10, rtol = 1e-10, atol = 1e-10 } = {}) {
  const backend = new JsBackend();
  const dynamics = {
    name: 'falling ball',
    // state [h, v]: h' = v, v' = −g
    f: (_t, y) => backend.fromArray([y.data[1], -g]),
    fInto: (_t, y, _p, out) => {
      out.data[0] = y.data[1];
      out.data[1] = -g;
    },
  };
  const impact = { fn: (_t, y) => y.data[0], direction: 'falling', terminal: true };
  const impacts = [];
  const speeds = [];
  let nfe = 0;
  let t = 0;
  let y = backend.fromArray([height, 0]);
  while (impacts.length < bounces) {
    // an upper bound on the flight time, so that the terminal event always ends the solve
    const v = y.data[1];
    const flight = (v + Math.sqrt(v * v + 2 * g * Math.max(y.data[0], 0))) / g;
    const sol = integrate({ backend, dynamics, y0: y, ts: [t, t + 2 * flight + 1], solver: dopri5, options: { rtol, atol, events: [impact] } });
    nfe += sol.stats.nfe;
    if (sol.status !== 'terminated') throw new Error(`expected an impact, got ${sol.status}: ${sol.message ?? ''}`);
    const ev = sol.events[0];
    impacts.push(ev.t);
    speeds.push(-ev.y.data[1]);
    backend.dispose([y, ...sol.ys]);
    // the bounce: back on the floor, moving up with the restituted speed
    y = backend.fromArray([0, -restitution * ev.y.data[1]]);
    backend.dispose(ev.y);
    t = ev.t;
  }
  backend.dispose(y);
  return { impacts, speeds, nfe, memory: backend.memory() };
}

/** The closed form: t₁ = √(2h/g), then each flight lasts 2·eᵏ·v₁/g with v₁ = g·t₁. */
export function closedFormImpacts({ height = 10, g = 9.81, restitution = 0.9, bounces = 10 } = {}) {
  const t1 = Math.sqrt((2 * height) / g);
  const v1 = g * t1;
  const out = [t1];
  for (let k = 1; k < bounces; k++) out.push(out[k - 1] + (2 * restitution ** k * v1) / g);
  return out;
}
