import {
  JsBackend,
  resolveNamed,
  TOKENS,
  type Dynamics,
  type JsTensor,
  type OdeProblem,
  type Sensitivity,
  type SensitivityContext,
  type SensitivityStats,
  type Solver,
} from '@odeflow/core';
import { adjointModule } from '@odeflow/adjoint';
import { integrate, solversModule } from '@odeflow/solvers';
import { Container } from 'inversify';
import { pendulumDynamics } from './dynamics.js';

/** A container with the solvers and the sensitivities, as an application would build it. */
export function makeContainer(): Container {
  const c = new Container();
  c.load(solversModule, adjointModule);
  return c;
}

const container = makeContainer();

/** A registered sensitivity by name. */
export function sensitivity(name: string): Sensitivity {
  return resolveNamed(container, TOKENS.Sensitivity, name, 'sensitivity');
}

/** A registered solver by name. */
export function solver(name: string): Solver {
  return resolveNamed(container, TOKENS.Solver, name, 'solver');
}

/** A sensitivity context on `be`. */
export function context(
  be: JsBackend,
  method = 'dopri5',
  options: Record<string, unknown> = { rtol: 1e-10, atol: 1e-12 },
  sensitivityOptions?: Record<string, unknown>,
): SensitivityContext<JsTensor> {
  return { backend: be, solver: solver(method), options, sensitivityOptions, resolveSolver: solver };
}

/** Gradients as plain arrays, with the run's stats. */
export interface PlainGradients {
  y0: number[];
  params: number[][];
  ts: number[];
  stats: SensitivityStats;
  ys: number[][];
}

/** Weights w_i of the linear loss L = Σ w_i·y(t_i): deterministic, different per output. */
export function lossWeights(outputs: number, n: number): number[][] {
  return Array.from({ length: outputs }, (_, i) => Array.from({ length: n }, (_, j) => Math.cos(1 + 0.7 * i + 1.3 * j)));
}

/** Run a sensitivity with the linear loss and read everything back, releasing every tensor. */
export function gradientsOf(
  be: JsBackend,
  name: string,
  problem: OdeProblem<JsTensor>,
  ctx: SensitivityContext<JsTensor>,
  weights?: number[][],
): PlainGradients {
  const run = sensitivity(name).run(problem, ctx);
  const n = problem.y0.size;
  const w = weights ?? lossWeights(problem.ts.length, n);
  const cot = w.map((x) => be.fromArray(x, problem.y0.shape));
  const g = run.backward(cot);
  const out: PlainGradients = {
    y0: g.y0.toArray(),
    params: g.params.map((p) => p.toArray()),
    ts: [...g.ts],
    stats: { ...run.stats },
    ys: run.solution.ys.map((y) => y.toArray()),
  };
  be.dispose([...cot, g.y0, ...g.params, ...run.solution.ys]);
  return out;
}

/** Every gradient of a run in one flat array: y0, then each parameter, then the output times. */
export function flatGradients(g: PlainGradients): number[] {
  return [...g.y0, ...g.params.flat(), ...g.ts];
}

/**
 * Gradients of the linear loss on the driven pendulum (damping 0.5, drive 2) from y0 = [0.4, 1.1] with
 * parameters [0.1, 3] at outputs 0, 1, 2.5, 4, 6, solved by dopri5: the problem the sensitivities are compared on.
 */
export function drivenPendulumGradients(
  be: JsBackend,
  name: string,
  tolerances: { rtol: number; atol: number },
  sensitivityOptions?: Record<string, unknown>,
): PlainGradients {
  const dynamics = pendulumDynamics(be, 0.5, 2);
  const y0 = be.fromArray([0.4, 1.1]);
  const p = be.fromArray([0.1, 3], [2]);
  const g = gradientsOf(be, name, { dynamics, y0, ts: [0, 1, 2.5, 4, 6], params: [p] }, context(be, 'dopri5', tolerances, sensitivityOptions));
  be.dispose([y0, p]);
  return g;
}

/**
 * The linear loss evaluated on a smooth discretisation — dopri5 on a fixed grid of `steps` equal steps
 * between the first and last output times — so that central differences of it are clean.
 */
export function referenceLoss(
  be: JsBackend,
  dynamics: Dynamics<JsTensor>,
  y0: number[],
  ts: number[],
  params: { data: number[]; shape: number[] }[],
  weights: number[][],
  steps = 2000,
): number {
  const t0 = ts[0];
  const t1 = ts[ts.length - 1];
  const grid = Array.from({ length: steps + 1 }, (_, i) => (i === steps ? t1 : t0 + ((t1 - t0) * i) / steps));
  const yt = be.fromArray(y0);
  const ps = params.map((p) => be.fromArray(p.data, p.shape));
  const sol = integrate({ backend: be, dynamics, y0: yt, ts, params: ps, solver: solver('dopri5'), options: { grid } });
  let L = 0;
  sol.ys.forEach((y, i) => weights[i].forEach((w, j) => (L += w * y.data[j])));
  be.dispose([yt, ...ps, ...sol.ys]);
  return L;
}

/** Central differences of `loss` with respect to every entry of y0, of each parameter and of each time. */
export function finiteDifferences(
  loss: (y0: number[], ts: number[], params: { data: number[]; shape: number[] }[]) => number,
  y0: number[],
  ts: number[],
  params: { data: number[]; shape: number[] }[],
  h = 1e-5,
): { y0: number[]; params: number[][]; ts: number[] } {
  const d = (perturb: (e: number) => number) => (perturb(h) - perturb(-h)) / (2 * h);
  return {
    y0: y0.map((_, i) => d((e) => loss(y0.map((v, j) => (j === i ? v + e : v)), ts, params))),
    params: params.map((p, k) =>
      p.data.map((_, i) =>
        d((e) => loss(y0, ts, params.map((q, m) => (m === k ? { data: q.data.map((v, j) => (j === i ? v + e : v)), shape: q.shape } : q)))),
      ),
    ),
    ts: ts.map((_, i) => d((e) => loss(y0, ts.map((v, j) => (j === i ? v + e : v)), params))),
  };
}

/** ‖a − b‖ / ‖b‖ (or ‖a − b‖ when b = 0). */
export function relErr(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  let r = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    r += b[i] ** 2;
  }
  return r === 0 ? Math.sqrt(d) : Math.sqrt(d / r);
}

export { JsBackend };
