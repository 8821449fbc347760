import type { EventRecord, Solution, SolveStats, SolveStatus } from '@odeflow/core';
import { DenseSolution } from './dense-solution.js';
import { initialStep } from './initial-step.js';
import type { IntegrateArgs } from './integrate-args.js';
import { locateEvent } from './locate-event.js';
import { checkCapabilities } from './check-capabilities.js';
import { newtonFailedMessage } from './newton-failed-message.js';
import { PIController } from './pi-controller.js';
import { justBefore } from './just-before.js';
import { resolveOptions } from './resolve-options.js';
import type { StepperContext } from './stepper.js';

interface Breakpoint {
  t: number;
  jump: boolean;
}

/**
 * Solve dy/dt = f(t, y, θ) from y(ts[0]) = y0 and return y at every time of `ts` (increasing or
 * decreasing), produced by the method's dense output — steps are never shortened onto output times,
 * only onto `stepT`/`jumpT` points and the end.
 *
 * Solve failures do not throw: the solution carries status `max_steps_exceeded`, `step_size_underflow`
 * or `non_finite_state` with a message naming the time reached and what to try, and the outputs reached
 * so far. A terminal event ends the solve with status `terminated`.
 *
 * @throws OdeflowError INVALID_ARGUMENT for bad arguments (non-finite y0; ts empty, not strictly monotone or
 *   not finite; rtol/atol ≤ 0 or not finite; unknown option keys), SHAPE_MISMATCH when f returns the wrong
 *   shape, UNSUPPORTED for a solver not built on this package.
 */
export function integrate<T>(args: IntegrateArgs<T>): Solution<T> {
  const o = resolveOptions(args);
  const { backend: be, dynamics, solver, params, ts, direction: dir, recorder = undefined } = { ...o, recorder: args.recorder };
  checkCapabilities(solver, dynamics, be);
  const stats: SolveStats = { nfe: 0, steps: 0, accepted: 0, rejected: 0, njev: 0, nlu: 0, newtonIterations: 0, newtonFailures: 0 };
  const t0 = ts[0];
  const tEnd = ts[ts.length - 1];
  const ys: T[] = [be.clone(args.y0)];
  const outTs: number[] = [t0];
  const events: EventRecord<T>[] = [];
  recorder?.onOutput?.({ index: 0, t: t0, stepIndex: -1, theta: 0 });
  const dense = o.dense ? new DenseSolution(be, solver, t0, args.y0, dir) : undefined;
  const finish = (status: SolveStatus, message?: string): Solution<T> => {
    const sol: Solution<T> = { ts: outTs, ys, stats, status, events, ...(message ? { message } : {}) };
    if (dense) (sol as { evaluate?: (t: number) => T }).evaluate = (t: number) => dense.evaluate(t);
    return sol;
  };
  if (ts.length === 1) return finish('success');

  const tolTensors: T[] = [];
  const tol = (v: number | readonly number[]): number | T => {
    if (typeof v === 'number') return v;
    const x = be.fromArray(v, be.shape(args.y0));
    tolTensors.push(x);
    return x;
  };
  const ctx: StepperContext<T> = {
    backend: be, dynamics, params, rtol: tol(o.rtol), atol: tol(o.atol), norm: o.norm, recording: recorder !== undefined,
  };
  const yShape = be.shape(args.y0);
  const stepper = args.workspace?.take(ctx, solver, yShape) ?? solver.createStepper(ctx, args.y0);
  const controller = new PIController(o);
  const custom = args.controller;
  const errorOrder = solver.errorOrder ?? solver.order;
  try {
    stepper.start(t0, be.clone(args.y0));

    // breakpoints the steps must land on, in the direction of integration, ending with tEnd
    const bps: Breakpoint[] = [];
    const grid = o.grid;
    if (!grid) {
      const inside = (x: number) => dir * (x - t0) > 0 && dir * (tEnd - x) > 0;
      for (const x of o.stepT) if (inside(x)) bps.push({ t: x, jump: false });
      for (const x of o.jumpT) if (inside(x)) bps.push({ t: x, jump: true });
      bps.sort((a, b) => dir * (a.t - b.t) || Number(b.jump) - Number(a.jump));
      // a time listed twice (or in both stepT and jumpT) is landed on once, as a jump if it is one
      for (let i = bps.length - 1; i > 0; i--) if (bps[i].t === bps[i - 1].t) bps.splice(i, 1);
    }
    const jumps = new Set(o.jumpT);
    bps.push({ t: tEnd, jump: false });

    let dt: number;
    if (grid) dt = Math.abs(grid[1] - grid[0]);
    else if (o.firstStep !== undefined) dt = o.firstStep;
    else {
      dt = initialStep(
        be, (t, y) => dynamics.f(t, y, params), t0, stepper.y0, stepper.k[0], dir, errorOrder, ctx.rtol, ctx.atol,
      );
      stats.nfe++;
    }
    dt = Math.min(Math.max(dt, o.dtMin), o.dtMax);

    // event values at the start of the current step
    const gPrev = o.events.map((e) => e.fn(t0, stepper.y0));
    // the state at fraction theta of the accepted step from t of size h (a new tensor)
    const interpolate = (t: number, theta: number, h: number): T => {
      if (theta === 1) return be.clone(stepper.y1);
      stepper.denseReady(t, h);
      const w = solver.denseWeights(theta);
      const coeffs = [w.y0, w.y1];
      for (const x of w.k) coeffs.push(h * x);
      return be.lincomb(coeffs, [stepper.y0, stepper.y1, ...stepper.k]);
    };

    let t = t0;
    let bpIndex = 0;
    let gridIndex = 1;
    let nextOut = 1;
    let prevErr = 1;
    let lastRejected = false;
    let nonFinite = false;
    let stepIndex = 0;
    for (;;) {
      if (stats.steps >= o.maxSteps) {
        return finish(
          'max_steps_exceeded',
          `Reached maxSteps = ${o.maxSteps} at t = ${t} (integrating from ${t0} to ${tEnd}). Raise maxSteps, loosen rtol/atol, ` +
            'or, if the problem is stiff, use an implicit method.',
        );
      }
      let h: number;
      let t1: number;
      let land = false;
      let jump = false;
      if (grid) {
        t1 = grid[gridIndex];
        h = t1 - t;
        land = true;
        jump = jumps.has(t1);
      } else {
        h = dir * dt;
        t1 = t + h;
        const bp = bps[bpIndex];
        if (dir * (t1 - bp.t) >= 0) {
          t1 = bp.t;
          h = t1 - t;
          land = true;
          jump = bp.jump;
        }
      }
      const tLast = jump ? justBefore(t1, dir) : t1;
      const err = stepper.attempt(t, h, tLast, !grid);
      stats.steps++;
      const newtonFailed = stepper.newtonFailed === true;
      if (grid && newtonFailed) {
        stepper.reject();
        return finish('newton_failed', newtonFailedMessage(t, true));
      }
      const finite = err === err && err !== Infinity && (!grid && !o.norm ? true : be.allFinite(stepper.y1));
      if (grid && !finite) {
        stepper.reject();
        return finish(
          'non_finite_state',
          `The state became NaN or infinite in the step from t = ${t} to t = ${t1}. Use a smaller stepSize, an adaptive method, ` +
            'or check f for a singularity or overflow near that time.',
        );
      }
      let accept = grid !== undefined || err <= 1;
      let dtNextRaw = grid ? dt : Math.abs(h) * controller.factor(err, errorOrder, prevErr);
      if (custom && !grid) {
        const d = custom.decide(err, Math.abs(h), errorOrder, prevErr);
        accept = d.accept;
        dtNextRaw = d.dtNext;
      }
      if (!accept || !finite) {
        stats.rejected++;
        stepper.reject();
        nonFinite = !finite && !newtonFailed;
        lastRejected = true;
        dt = Math.min(dtNextRaw, o.dtMax);
        if (dt < o.dtMin || t + dir * dt === t) {
          if (newtonFailed) return finish('newton_failed', newtonFailedMessage(t, false));
          if (nonFinite) {
            return finish(
              'non_finite_state',
              `f produced NaN or infinite values near t = ${t}, and shrinking the step did not help. Check f for a ` +
                'singularity, overflow or a domain error (sqrt/log of a negative number) near that time.',
            );
          }
          return finish(
            'step_size_underflow',
            `Step size underflow at t = ${t}: the step needed (${dt.toExponential(3)}) is below ${o.dtMin > 0 ? `dtMin = ${o.dtMin}` : 'what t can resolve'}. ` +
              'The problem may be stiff (use an implicit method), have a singularity near that time, or need looser rtol/atol' +
              (o.dtMin > 0 ? '; or lower dtMin.' : '.'),
          );
        }
        continue;
      }

      // accepted
      stepper.complete(tLast);
      stats.accepted++;
      let stopTheta = 2;
      let stopped = false;
      if (o.events.length > 0) {
        const found: { index: number; theta: number; sign: 1 | -1 }[] = [];
        for (let e = 0; e < o.events.length; e++) {
          const ev = o.events[e];
          const g0 = gPrev[e];
          const g1 = ev.fn(t1, stepper.y1);
          gPrev[e] = g1;
          const rising = g0 < 0 && g1 >= 0;
          const falling = g0 > 0 && g1 <= 0;
          const mode = ev.direction ?? 'both';
          if (!((rising && mode !== 'falling') || (falling && mode !== 'rising'))) continue;
          const tolT = ev.tol ?? 1e-12 * Math.max(1, Math.abs(t1));
          const theta = locateEvent(
            (th) => {
              const y = interpolate(t, th, h);
              const v = ev.fn(t + th * h, y);
              be.dispose(y);
              return v;
            },
            g0, g1, tolT / Math.abs(h),
          );
          found.push({ index: e, theta, sign: rising ? 1 : -1 });
        }
        found.sort((a, b) => a.theta - b.theta);
        for (const f of found) {
          const terminal = o.events[f.index].terminal === true;
          const tE = f.theta === 1 ? t1 : t + f.theta * h;
          events.push({ index: f.index, t: tE, y: interpolate(t, f.theta, h), direction: f.sign, terminal });
          if (terminal) {
            stopTheta = f.theta;
            stopped = true;
            break;
          }
        }
      }
      if (recorder) {
        stepper.denseReady(t, h);
        const r = stepper.record();
        recorder.onStep({ index: stepIndex, t0: t, dt: h, y0: r.y0, y1: r.y1, k: r.k, tLast });
      }
      while (nextOut < ts.length) {
        const tOut = ts[nextOut];
        if (dir * (tOut - t1) > 0) break;
        const theta = (tOut - t) / h;
        if (theta > stopTheta) break;
        ys.push(interpolate(t, theta, h));
        outTs.push(tOut);
        recorder?.onOutput?.({ index: nextOut, t: tOut, stepIndex, theta });
        nextOut++;
      }
      if (dense) {
        stepper.denseReady(t, h);
        dense.add(t, h, stepper.y0, stepper.y1, stepper.k);
        if (stopped) dense.tEnd = events[events.length - 1].t;
      }
      if (stopped) {
        const ev = events[events.length - 1];
        return finish('terminated', `Terminal event ${ev.index} at t = ${ev.t}.`);
      }
      stepIndex++;
      stepper.accept(t1, jump);
      t = t1;
      if (land) {
        if (grid) gridIndex++;
        else bpIndex++;
      }
      if (nextOut >= ts.length) return finish('success');
      if (!grid) {
        let dtNext = dtNextRaw;
        if (lastRejected && dtNext > Math.abs(h)) dtNext = Math.abs(h);
        // a step shortened to land on a breakpoint: scale the step the controller had proposed instead
        if (land && Math.abs(h) < dt) dtNext = Math.max(dtNext, Math.min(dt, (dtNextRaw / Math.abs(h)) * dt));
        dt = Math.min(Math.max(dtNext, o.dtMin), o.dtMax);
        prevErr = err;
      }
      if (jump) o.events.forEach((ev, e) => (gPrev[e] = ev.fn(t, stepper.y0)));
      lastRejected = false;
      nonFinite = false;
    }
  } catch (e) {
    // bad arguments found while stepping (f's shape): release the outputs made so far, then throw
    be.dispose([...ys, ...events.map((ev) => ev.y)]);
    throw e;
  } finally {
    stats.nfe += stepper.nfe;
    stats.njev += stepper.njev ?? 0;
    stats.nlu += stepper.nlu ?? 0;
    stats.newtonIterations += stepper.newtonIterations ?? 0;
    stats.newtonFailures += stepper.newtonFailures ?? 0;
    if (!args.workspace?.keep(stepper, ctx, solver, yShape)) stepper.dispose();
    be.dispose(tolTensors);
  }
}
