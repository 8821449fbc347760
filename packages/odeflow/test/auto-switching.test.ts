import { describe, expect, it } from 'vitest';
import { auto, createOdeflow, integrate, isOdeflowError, JsBackend, odeint, type Dynamics, type JsTensor, type TensorBackend } from 'odeflow';
import { thrownError } from './helpers/thrown-error.js';

// Robertson's kinetics over [0, 1e5]; reference at t = 1e5 from SciPy's Radau, BDF and LSODA at rtol 1e-13.
const rober = (_t: number, y: Float64Array) => [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1], 3e7 * y[1] * y[1]];
const roberJ = (_t: number, y: Float64Array) => [
  [-0.04, 1e4 * y[2], 1e4 * y[1]],
  [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
  [0, 6e7 * y[1], 0],
];
const ROBER_1E5 = [0.017865921142264492, 7.274751468504723e-8, 0.9821340061102207];

// Van der Pol, μ = 1000, over [0, 3000]: stiff on its slow branches, not during its jumps. Reference from SciPy
// LSODA and Radau at rtol 1e-11.
const mu = 1000;
const vdp = (_t: number, y: Float64Array) => [y[1], mu * (1 - y[0] * y[0]) * y[1] - y[0]];
const vdpJ = (_t: number, y: Float64Array) => [[0, 1], [-2 * mu * y[0] * y[1] - 1, mu * (1 - y[0] * y[0])]];
const VDP_3000 = [-1.5106069305278818, 0.0011783800131442985];

const lorenz = (_t: number, y: Float64Array) => [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - (8 / 3) * y[2]];

// y' = −λ(y − cos t) − sin t: a fast transient e^{−λt}, then stiff; y = cos t + (y₀ − 1)e^{−λt}.
const lambda = 1e4;
const stiff = (t: number, y: Float64Array) => [-lambda * (y[0] - Math.cos(t)) - Math.sin(t)];
const stiffJ = () => [[-lambda]];
const stiffExact = (t: number) => Math.cos(t) + Math.exp(-lambda * t);

/** Significant digits of y against ref, as the stiff benchmark scores them (relative, floored by atol/rtol). */
const digits = (y: ArrayLike<number>, ref: number[], floor: number) => Math.min(...ref.map((r, i) => -Math.log10(Math.abs(y[i] - r) / (Math.abs(r) + floor))));

describe("method 'auto' switches between an explicit and a stiff method", () => {
  it('Robertson over [0, 1e5]: at least one switch to the stiff method, and the digits of the tolerance less one', () => {
    for (const [rtol, stiffMethod, explicitMethod] of [[1e-4, 'rosenbrock23', 'tsit5'], [1e-6, 'rodas5p', 'tsit5'], [1e-8, 'rodas5p', 'vern7'], [1e-9, 'rodas5p', 'vern9']] as const) {
      const r = odeint(rober, [1, 0, 0], [0, 1e5], { method: 'auto', rtol, atol: rtol * 1e-4, jacobian: roberJ });
      expect(r.status).toBe('success');
      expect(digits(r.ys[1], ROBER_1E5, 1e-4), `rtol ${rtol}`).toBeGreaterThanOrEqual(-Math.log10(rtol) - 1);
      const s = r.stats;
      expect(s.switches).toBeGreaterThanOrEqual(1);
      // the explicit method covers the transient, the stiff one the rest; the shares add up
      expect(Object.keys(s.methodSteps!)).toEqual([explicitMethod, stiffMethod]);
      expect(s.methodSteps![explicitMethod]).toBeGreaterThan(0);
      expect(s.methodSteps![stiffMethod]).toBeGreaterThan(s.methodSteps![explicitMethod]);
      expect(s.methodSteps![explicitMethod] + s.methodSteps![stiffMethod]).toBe(s.accepted);
      expect(s.methodSpans![explicitMethod]).toBeLessThan(1);
      expect(s.methodSpans![explicitMethod] + s.methodSpans![stiffMethod]).toBeCloseTo(1e5, 6);
      expect(s.njev).toBeGreaterThan(0);
      expect(s.nlu).toBeGreaterThanOrEqual(s.njev);
      // thousands of evaluations, not the explicit method's hundreds of thousands
      expect(s.nfe).toBeLessThan(5000);
    }
  });

  it('a solve that ends with the step after which the switch falls due builds no stiff method: no switch, no evaluation of it', () => {
    const full = odeint(rober, [1, 0, 0], [0, 1e5], { method: 'auto', rtol: 1e-4, atol: 1e-8, jacobian: roberJ });
    const explicitSteps = full.stats.methodSteps!.tsit5;
    // the explicit phase alone: the same steps, ending on the step whose stiffness test made the switch due
    const end = odeint(rober, [1, 0, 0], [0, 1e5], { method: 'auto', rtol: 1e-4, atol: 1e-8, jacobian: roberJ, everyStep: true }).ts[explicitSteps];
    const short = odeint(rober, [1, 0, 0], [0, end], { method: 'auto', rtol: 1e-4, atol: 1e-8, jacobian: roberJ });
    const plain = odeint(rober, [1, 0, 0], [0, end], { method: 'tsit5', rtol: 1e-4, atol: 1e-8, stiffnessCheck: false });
    expect(short.stats.accepted).toBe(explicitSteps);
    expect(short.stats.switches).toBe(0);
    expect(short.stats.methodSteps).toEqual({ tsit5: explicitSteps, rosenbrock23: 0 });
    expect(short.stats.nfe).toBe(plain.stats.nfe);
    expect(short.stats.njev).toBe(0);
    expect(short.ys).toEqual(plain.ys);
    // one step further, the stiff method takes it
    const longer = odeint(rober, [1, 0, 0], [0, end * 1.5], { method: 'auto', rtol: 1e-4, atol: 1e-8, jacobian: roberJ });
    expect(longer.stats.switches).toBe(1);
    expect(longer.stats.methodSteps!.tsit5).toBe(explicitSteps);
    expect(longer.stats.methodSteps!.rosenbrock23).toBeGreaterThan(0);
  });

  it('Lorenz never switches and gives exactly what tsit5 gives (vern7, vern9 below rtol 1e-7, 1e-8), at many output times too', () => {
    const ts = Array.from({ length: 2001 }, (_, i) => i * 0.01);
    for (const rtol of [1e-4, 1e-6, 1e-7]) {
      const a = odeint(lorenz, [1, 0, 0], ts, { method: 'auto', rtol, atol: rtol });
      const t = odeint(lorenz, [1, 0, 0], ts, { method: 'tsit5', rtol, atol: rtol });
      expect(a.stats.switches).toBe(0);
      expect(a.stats.methodSteps!.tsit5).toBe(a.stats.accepted);
      expect(a.stats.njev).toBe(0);
      expect(a.stats.nfe).toBe(t.stats.nfe);
      expect(a.stats.steps).toBe(t.stats.steps);
      expect(a.ys).toEqual(t.ys);
    }
    for (const [rtol, method] of [[1e-8, 'vern7'], [1e-10, 'vern9']] as const) {
      const a = odeint(lorenz, [1, 0, 0], [0, 1], { method: 'auto', rtol, atol: rtol });
      const d = odeint(lorenz, [1, 0, 0], [0, 1], { method: 'dopri8', rtol: 1e-12, atol: 1e-12 });
      expect(a.stats.switches).toBe(0);
      expect(a.stats.methodSteps![method]).toBe(a.stats.accepted);
      for (let i = 0; i < 3; i++) expect(Math.abs(a.ys[1][i] - d.ys[1][i])).toBeLessThan(100 * rtol);
    }
  });

  it('Van der Pol, μ = 1000: switches both ways at every jump and matches a tight reference', () => {
    for (const rtol of [1e-6, 1e-8]) {
      const r = odeint(vdp, [2, 0], [0, 3000], { method: 'auto', rtol, atol: rtol, jacobian: vdpJ });
      expect(r.status).toBe('success');
      expect(Math.abs(r.ys[1][0] - VDP_3000[0]), `rtol ${rtol}`).toBeLessThan(100 * rtol);
      // to the stiff method on the first slow branch, then back and forth around each of the jumps
      expect(r.stats.switches).toBeGreaterThanOrEqual(5);
      expect(r.stats.switches! % 2).toBe(1);
      const [explicit, stiffMethod] = Object.keys(r.stats.methodSteps!);
      expect(r.stats.methodSpans![explicit]).toBeLessThan(10);
      expect(r.stats.methodSpans![stiffMethod]).toBeGreaterThan(2990);
    }
  });

  it('dense output follows the solution across a switch, on either method', () => {
    const r = odeint(stiff, [2], [0, 1], { method: 'auto', rtol: 1e-8, atol: 1e-8, jacobian: stiffJ, dense: true });
    expect(r.status).toBe('success');
    expect(r.stats.switches).toBe(1);
    const explicitSpan = r.stats.methodSpans!.vern7;
    expect(explicitSpan).toBeGreaterThan(1e-4);
    expect(explicitSpan).toBeLessThan(0.1);
    // points inside the explicit phase (the transient), around the switch and in the stiff phase
    const times = [
      ...Array.from({ length: 40 }, (_, i) => (i + 0.5) * (explicitSpan / 40)),
      ...Array.from({ length: 20 }, (_, i) => explicitSpan * (0.9 + i * 0.01)),
      ...Array.from({ length: 40 }, (_, i) => 0.05 + i * 0.0237),
    ];
    for (const t of times) expect(Math.abs(r.evaluate!(t)[0] - stiffExact(t)), `t = ${t}`).toBeLessThan(1e-6);
    // outputs requested at those times are the same dense output
    const out = odeint(stiff, [2], [0, ...times.slice().sort((a, b) => a - b), 1], { method: 'auto', rtol: 1e-8, atol: 1e-8, jacobian: stiffJ });
    out.ts.forEach((t, i) => expect(Math.abs(out.ys[i][0] - stiffExact(t))).toBeLessThan(1e-6));
  });

  it('locates events before and after a switch, each on the dense output of the method that took the step', () => {
    // 1 + e^{−λt} + (cos t − 1) = 1.5 inside the transient (explicit); cos t = 0 at π/2 (stiff)
    const r = odeint(stiff, [2], [0, 3], {
      method: 'auto', rtol: 1e-8, atol: 1e-8, jacobian: stiffJ,
      events: [{ fn: (_t, y) => y[0] - 1.5 }, { fn: (_t, y) => y[0], terminal: true }],
    });
    expect(r.status).toBe('terminated');
    expect(r.stats.switches).toBe(1);
    expect(r.events.map((e) => e.index)).toEqual([0, 1]);
    const tHalf = r.events[0].t;
    expect(tHalf).toBeLessThan(r.stats.methodSpans!.vern7);
    expect(Math.abs(stiffExact(tHalf) - 1.5)).toBeLessThan(1e-7);
    expect(Math.abs(r.events[1].t - Math.PI / 2)).toBeLessThan(1e-7);
  });

  it('Van der Pol with a terminal event in a jump (explicit phase) agrees with rodas5p', () => {
    const event = [{ fn: (_t: number, y: Float64Array) => y[0], direction: 'falling' as const, terminal: true }];
    const a = odeint(vdp, [2, 0], [0, 3000], { method: 'auto', rtol: 1e-8, atol: 1e-8, jacobian: vdpJ, events: event });
    const b = odeint(vdp, [2, 0], [0, 3000], { method: 'rodas5p', rtol: 1e-10, atol: 1e-10, jacobian: vdpJ, events: event });
    expect(a.status).toBe('terminated');
    expect(a.stats.switches).toBeGreaterThanOrEqual(2);
    expect(Math.abs(a.events[0].t - b.events[0].t)).toBeLessThan(1e-4);
  });

  it('every f evaluation is counted, also those of finite-difference Jacobians once stiff', () => {
    let calls = 0;
    const counted = (t: number, y: Float64Array) => {
      calls++;
      return rober(t, y);
    };
    const r = odeint(counted, [1, 0, 0], [0, 1e5], { method: 'auto', rtol: 1e-6, atol: 1e-10 });
    expect(r.status).toBe('success');
    expect(r.stats.switches).toBeGreaterThanOrEqual(1);
    expect(r.stats.nfe).toBe(calls);
    expect(digits(r.ys[1], ROBER_1E5, 1e-4)).toBeGreaterThan(4);
  });

  it('on js, a solve holds a fixed set of tensors and releases them (nothing per step, nothing left)', () => {
    const be = new JsBackend();
    const dynamics: Dynamics<JsTensor> = {
      f: (t, y) => be.fromArray(stiff(t, y.data)),
      fInto: (t, y, _p, out) => out.data.set(stiff(t, y.data)),
      jacobian: (_t, _y, _p, out) => out.set([-lambda]),
    };
    const y0 = be.fromArray([2]);
    const before = be.memory().tensors;
    const sol = integrate({ backend: be, dynamics, y0, ts: [0, 2], solver: auto, options: { rtol: 1e-6, atol: 1e-6 } });
    expect(sol.status).toBe('success');
    expect(sol.stats.switches).toBe(1);
    expect(be.memory().tensors - before).toBe(2);
    be.dispose(sol.ys);
    expect(be.memory().tensors).toBe(before);
  });
});

describe("method 'auto': bad input and what it does not do", () => {
  it('a Jacobian of the wrong shape is SHAPE_MISMATCH once the stiff method needs it', () => {
    const e = thrownError(() => odeint(rober, [1, 0, 0], [0, 1e5], { method: 'auto', rtol: 1e-6, jacobian: () => [[1, 0], [0, 1]] }));
    expect(e.code).toBe('SHAPE_MISMATCH');
  });

  it('needs linalg: a backend without it is refused before the solve (UNSUPPORTED)', () => {
    const be = new JsBackend();
    Object.defineProperty(be, 'linalg', { value: undefined });
    const y0 = be.fromArray([1]);
    const e = thrownError(() => integrate({ backend: be, dynamics: { f: (_t, y) => be.fromArray([-y.data[0]]) }, y0, ts: [0, 1], solver: auto }));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.message).toMatch(/"auto".*linalg/);
  });

  it('bad tolerances and options are refused as for any method; stiffnessCheck is checked but never ends the solve', () => {
    expect(thrownError(() => odeint(lorenz, [1, 0, 0], [0, 1], { method: 'auto', rtol: [1e-6, 0, 1e-6] })).code).toBe('INVALID_ARGUMENT');
    expect(thrownError(() => odeint(lorenz, [1, 0, 0], [0, 1], { method: 'auto', stiffnessCheck: { every: 0 } })).code).toBe('INVALID_ARGUMENT');
    const r = odeint(rober, [1, 0, 0], [0, 1e5], { method: 'auto', rtol: 1e-6, atol: 1e-10, jacobian: roberJ, stiffnessCheck: { steps: 1 } });
    expect(r.status).toBe('success');
  });

  it('per-component tolerances choose the methods by the tightest one', () => {
    const r = odeint(rober, [1, 0, 0], [0, 1e5], { method: 'auto', rtol: [1e-4, 1e-6, 1e-4], atol: 1e-10, jacobian: roberJ });
    expect(Object.keys(r.stats.methodSteps!)).toEqual(['tsit5', 'rodas5p']);
  });

  it('the stiffness failure of explicit methods names auto among the stiff methods', () => {
    const e = thrownError(() => odeint(rober, [1, 0, 0], [0, 1e5], { rtol: 1e-6 }));
    expect(e.code).toBe('STIFF_PROBLEM');
    expect(e.message).toMatch(/implicit method \(.*auto/);
  });

  for (const sensitivity of ['direct', 'checkpointed']) {
    it(`the ${sensitivity} sensitivity refuses it with UNSUPPORTED (it differentiates Runge–Kutta stages)`, async () => {
      const flow = await createOdeflow<JsTensor>({ solver: 'auto', sensitivity });
      const be = flow.backend;
      const dynamics: Dynamics<JsTensor> = {
        f: (_t, y, p) => be.fromArray([-p[0].data[0] * y.data[0]]),
        vjp: (_t, y, a, p) => ({ f: be.fromArray([-p[0].data[0] * y.data[0]]), y: be.fromArray([-p[0].data[0] * a.data[0]]), params: [be.fromArray([-y.data[0] * a.data[0]])], t: 0 }),
      };
      const problem = { dynamics, y0: be.fromArray([1]), ts: [0, 1], params: [be.fromArray([2])] };
      let err: unknown;
      try {
        flow.run(problem);
      } catch (e) {
        err = e;
      }
      expect(isOdeflowError(err, 'UNSUPPORTED'), String(err)).toBe(true);
      expect(String(err)).toMatch(/"auto"/);
    });
  }
});

describe("method 'auto' under the adjoint sensitivity", () => {
  // y₁' = −λ(y₁ − y₂), y₂' = −θ·y₂ (λ = 1e4): y₁ follows y₂ after a fast transient; L = y₁(T) + y₂(T)
  const LAMBDA = 1e4;
  function twoScale(be: TensorBackend<JsTensor>): Dynamics<JsTensor> {
    const fv = (y: Float64Array, th: number) => [-LAMBDA * (y[0] - y[1]), -th * y[1]];
    return {
      f: (_t, y, p) => be.fromArray(fv(y.data, p[0].data[0])),
      jacobian: (_t, _y, p, out) => out.set([-LAMBDA, LAMBDA, 0, -p[0].data[0]]),
      vjp: (_t, y, a, p) => {
        const [a1, a2] = a.data;
        const th = p[0].data[0];
        return {
          f: be.fromArray(fv(y.data, th)),
          y: be.fromArray([-LAMBDA * a1, LAMBDA * a1 - th * a2]),
          params: [be.fromArray([-y.data[1] * a2])],
          t: 0,
        };
      },
    };
  }

  it('the gradients match finite differences through a forward solve that switches', async () => {
    const T = 0.02;
    const flow = await createOdeflow<JsTensor>({ solver: 'auto', sensitivity: 'adjoint', options: { rtol: 1e-9, atol: 1e-12 } });
    const be = flow.backend;
    const dynamics = twoScale(be);
    const loss = (y0: number[], th: number) => {
      const r = integrate({ backend: be, dynamics, y0: be.fromArray(y0), ts: [0, T], params: [be.fromArray([th])], solver: auto, options: { rtol: 1e-12, atol: 1e-14 } });
      return r.ys[1].data[0] + r.ys[1].data[1];
    };
    const run = flow.run({ dynamics, y0: be.fromArray([2, 1]), ts: [0, T], params: [be.fromArray([3])] });
    expect(run.solution.stats.switches).toBeGreaterThanOrEqual(1);
    const g = run.backward([be.fromArray([0, 0]), be.fromArray([1, 1])]);
    const h = 1e-6;
    const fd = [
      (loss([2 + h, 1], 3) - loss([2 - h, 1], 3)) / (2 * h),
      (loss([2, 1 + h], 3) - loss([2, 1 - h], 3)) / (2 * h),
      (loss([2, 1], 3 + h) - loss([2, 1], 3 - h)) / (2 * h),
    ];
    const got = [...g.y0.data, g.params[0].data[0]];
    got.forEach((v, i) => expect(Math.abs(v - fd[i]), `component ${i}: ${v} vs ${fd[i]}`).toBeLessThan(1e-6 * (1 + Math.abs(fd[i]))));
  });
});
