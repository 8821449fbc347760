import { OdeflowError, type TensorBackend } from '@odeflow/core';
import { justBefore } from '@odeflow/solvers';
import type { CountingDynamics } from './counting-dynamics.js';
import type { ExplicitRk } from './explicit-rk.js';
import type { TapeStep } from './step-tape.js';

// acc + Σ xs, consuming acc (in place where the backend allows it).
function addAll<T>(backend: TensorBackend<T>, acc: T, xs: readonly T[]): T {
  const coeffs = [1, ...xs.map(() => 1)];
  if (backend.inPlace) {
    backend.inPlace.lincombInto(acc, coeffs, [acc, ...xs]);
    return acc;
  }
  const sum = backend.lincomb(coeffs, [acc, ...xs]);
  backend.dispose(acc);
  return sum;
}

// At most this many stages' parameter cotangents are held before they are summed (one lincomb per parameter).
const PENDING_STAGES = 64;

/** Butcher coefficients of every stage a step records (tableau, f(t₁, y₁), dense-output extras). */
interface RecordedStages {
  readonly a: readonly (readonly number[])[];
  readonly b: readonly number[];
  readonly c: readonly number[];
  /** Stages of the step itself, before the dense-output extras. */
  readonly own: number;
}

/** An output produced by one of the steps being reversed. */
export interface StepOutput {
  /** Index of the output time in the problem's ts. */
  readonly index: number;
  /** Position of the producing step within the steps being reversed. */
  readonly step: number;
  /** (t − t0)/dt of the output within that step. */
  readonly theta: number;
}

/**
 * Reverse-mode differentiation of recorded explicit Runge–Kutta steps and of their dense outputs:
 * the backward pass shared by the direct and checkpointed sensitivities.
 *
 * For a step kᵢ = f(t0 + cᵢ·dt, Yᵢ), Yᵢ = y0 + dt·Σⱼ aᵢⱼkⱼ, y1 = y0 + dt·Σ bᵢkᵢ, and outputs
 * y(θ) = w_y0·y0 + w_y1·y1 + dt·Σ w_kᵢ·kᵢ, it walks the stages last to first, pulling each stage cotangent
 * k̄ᵢ through the dynamics' VJP. Step sizes and the step grid are constants of the computation (as when
 * torchdiffeq or diffrax backpropagate through a solve): the grid moves with t0, so ∂L/∂t0 collects the
 * explicit time dependence of every stage and the shift of every output within its step, and ∂L/∂tᵢ
 * (i ≥ 1) is the derivative of the interpolant at tᵢ.
 */
export class StepBackpropagator<T> {
  /** ∂L/∂θ accumulated so far, one tensor per parameter. */
  readonly paramGrads: T[];
  /** ∂L/∂tᵢ accumulated so far. */
  readonly tGrads: number[];
  private recordedStages?: RecordedStages;
  // per-stage parameter cotangents not yet summed into paramGrads (immutable-tensor backends)
  private readonly pendingParams: T[][] = [];
  private scratch?: [T, T, T];
  // per-stage buffers for aᵀ∂f/∂Yᵢ (in-place backends), kept for one reverse: no tensor allocated per VJP
  private pulledPool: T[] = [];
  // a stage's cotangent and state as linear combinations: coefficients and terms, reused for every stage
  private readonly coeffBuf: number[] = [];
  private readonly termBuf: T[] = [];
  private readonly stateCoeffBuf: number[] = [];
  private readonly stateTermBuf: T[] = [];

  /**
   * @param backend - backend of every tensor involved
   * @param dynamics - counted dynamics whose VJP is pulled
   * @param rk - the tableau and dense weights the forward steps used
   * @param params - parameters θ
   * @param outputs - number of output times
   * @param jumps - the solve's `jumpT`: stages with c = 1 of a step ending on one ran just before it
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly dynamics: CountingDynamics<T>,
    private readonly rk: ExplicitRk,
    private readonly params: readonly T[],
    outputs: number,
    private readonly jumps: readonly number[] = [],
  ) {
    this.paramGrads = params.map((p) => backend.zeros(backend.shape(p)));
    this.tGrads = new Array<number>(outputs).fill(0);
  }

  /**
   * Reverse `steps` (consecutive, in forward order).
   * @param yBar - cotangent of the state after the last step; consumed
   * @param outputs - outputs the steps produced, `step` counted from steps[0]
   * @param cotangents - ∂L/∂y(tᵢ) for every output index
   * @returns the cotangent of the state before the first step (owned by the caller)
   */
  reverse(steps: readonly TapeStep<T>[], outputs: readonly StepOutput[], cotangents: readonly T[], yBar: T): T {
    const byStep = new Map<number, StepOutput[]>();
    for (const o of outputs) {
      const list = byStep.get(o.step);
      if (list) list.push(o);
      else byStep.set(o.step, [o]);
    }
    let bar = yBar;
    let handedOver = false;
    try {
      for (let s = steps.length - 1; s >= 0; s--) {
        const prev = s > 0 && this.sharesLastStage(steps[s - 1], steps[s]) ? steps[s - 1] : undefined;
        const carry = prev ? this.lastStageCotangent(prev, byStep.get(s - 1) ?? [], cotangents) : null;
        bar = this.reverseStep(steps[s], byStep.get(s) ?? [], cotangents, bar, carry, handedOver);
        handedOver = prev !== undefined;
      }
    } finally {
      if (this.scratch) this.backend.dispose(this.scratch);
      this.scratch = undefined;
      this.backend.dispose(this.pulledPool);
      this.pulledPool = [];
    }
    this.flushParams();
    return bar;
  }

  // Three buffers of the state's shape for a stage's cotangent and state and an output's θ-derivative
  // (in-place backends), kept for one reverse.
  private scratchLike(y: T): [T, T, T] {
    if (!this.scratch) {
      const shape = this.backend.shape(y);
      this.scratch = [this.backend.zeros(shape), this.backend.zeros(shape), this.backend.zeros(shape)];
    }
    return this.scratch;
  }

  // Sum the held per-stage parameter cotangents into paramGrads: one lincomb per parameter for up to
  // PENDING_STAGES stages (tfjs, wasm pay per call), bounded so that memory does not grow with the steps.
  private flushParams(): void {
    const parts = this.pendingParams;
    if (parts.length === 0) return;
    for (let p = 0; p < this.paramGrads.length; p++) {
      this.paramGrads[p] = addAll(this.backend, this.paramGrads[p], parts.map((x) => x[p]));
    }
    this.backend.dispose(parts.flat());
    parts.length = 0;
  }

  // The last recorded stage of a step, f(t₁, y₁), is the evaluation the next step starts from (FSAL, or the
  // stage non-FSAL methods record for the dense output and hand on): same time, same state. The VJP is
  // linear in its cotangent, so the two cotangents are added and pulled through one VJP, at the next
  // step's first stage — one VJP fewer per step. Not across a jump (the next step restarts from a new
  // evaluation) nor with dense-only stages (they may read that stage).
  private sharesLastStage(prev: TapeStep<T>, next: TapeStep<T>): boolean {
    if (this.rk.denseStages) return false;
    const st = this.stagesOf(prev.k.length);
    const last = st.own - 1;
    if (prev.k.length !== st.own || st.c[last] !== 1 || (st.b[last] ?? 0) !== 0) return false;
    const row = st.a[last] ?? [];
    for (let j = 0; j < last; j++) if ((row[j] ?? 0) !== (st.b[j] ?? 0)) return false;
    return this.lastStageTime(prev) === next.t0;
  }

  // The cotangent of that last stage: only the step's outputs reach it (no later stage reads it, b = 0).
  private lastStageCotangent(step: TapeStep<T>, outputs: readonly StepOutput[], cotangents: readonly T[]): T | null {
    const last = step.k.length - 1;
    const coeffs: number[] = [];
    const xs: T[] = [];
    for (const o of outputs) {
      const c = step.dt * (this.rk.denseWeights(o.theta).k[last] ?? 0);
      if (c === 0) continue;
      coeffs.push(c);
      xs.push(cotangents[o.index]);
    }
    return xs.length === 0 ? null : this.backend.lincomb(coeffs, xs);
  }

  // Every cotangent of a step is a linear combination of a few sources — ȳ1, the cotangents of the outputs
  // the step produced, and the VJPs ∂f/∂Y·k̄ of later stages — so each is formed by one lincomb when its
  // stage is reached, and ȳ0 and ∂L/∂θ by one each at the end: O(stages) tensor ops per step rather than
  // O(stages²), which is what counts on backends that pay per op (tfjs, wasm). There the parameter
  // cotangents of a step's stages are summed once at the end too; on in-place backends (js) they are added
  // as they come, so that no more than one of them is held.
  // `carry`: the cotangent of the previous step's last stage, added to this step's first (consumed);
  // `skipLast`: this step's last stage went that way to the next step.
  private reverseStep(
    step: TapeStep<T>,
    outputs: readonly StepOutput[],
    cotangents: readonly T[],
    y1Bar: T,
    carry: T | null = null,
    skipLast = false,
  ): T {
    const { backend, rk } = this;
    const { a, b, c } = this.stagesOf(step.k.length);
    const { dt, y0, k } = step;
    const stages = k.length;
    // y1 = y0 + dt·Σ bᵢkᵢ: ȳ1 reaches y0 unchanged and stage i with weight dt·bᵢ.
    const sources: T[] = [y1Bar];
    const y0Coef: number[] = [1];
    const kCoef: number[][] = Array.from({ length: stages }, (_, i) => [dt * (b[i] ?? 0)]);
    for (const o of outputs) {
      const ct = cotangents[o.index];
      const w = rk.denseWeights(o.theta);
      sources.push(ct);
      y0Coef.push(w.y0 + w.y1);
      for (let i = 0; i < stages; i++) kCoef[i].push(dt * ((w.k[i] ?? 0) + w.y1 * (b[i] ?? 0)));
      // ∂y(θ)/∂t = (1/dt)·∂y/∂θ; the grid is anchored at t0, so moving t0 moves θ the other way.
      const dw = rk.denseWeightDerivatives(o.theta);
      const coeffs = [dw.y0 + dw.y1];
      for (let i = 0; i < stages; i++) coeffs.push(dt * ((dw.k[i] ?? 0) + dw.y1 * (b[i] ?? 0)));
      let g: number;
      if (backend.inPlace) {
        // in a buffer kept for the reverse: one output per few steps, but no tensor allocated for it
        const dy = this.scratchLike(y0)[2];
        backend.inPlace.lincombInto(dy, coeffs, [y0, ...k]);
        g = backend.dot(ct, dy) / dt;
      } else {
        const dyDtheta = backend.lincomb(coeffs, [y0, ...k]);
        g = backend.dot(ct, dyDtheta) / dt;
        backend.dispose(dyDtheta);
      }
      this.tGrads[o.index] += g;
      this.tGrads[0] -= g;
    }
    if (carry !== null) {
      sources.push(carry);
      y0Coef.push(0);
      for (let i = 0; i < stages; i++) kCoef[i].push(i === 0 ? 1 : 0);
    }
    const tLast = this.lastStageTime(step);
    const pulled: (T | null)[] = new Array<T | null>(stages).fill(null);
    const pool = this.pulledPool;
    let pooled = false;
    const paramParts = this.pendingParams;
    for (let i = skipLast ? stages - 2 : stages - 1; i >= 0; i--) {
      // k̄ᵢ = Σ (source coefficients) + Σ_{m > i} dt·a_mi·(∂f/∂Y_m)ᵀk̄_m
      // (in arrays reused for every stage: this loop runs once per VJP)
      const coeffs = this.coeffBuf;
      const xs = this.termBuf;
      coeffs.length = 0;
      xs.length = 0;
      const kc = kCoef[i];
      let nonZero = false;
      for (let q = 0; q < kc.length; q++) {
        coeffs.push(kc[q]);
        xs.push(sources[q]);
        if (kc[q] !== 0) nonZero = true;
      }
      for (let m = i + 1; m < stages; m++) {
        const ami = a[m]?.[i] ?? 0;
        const vm = pulled[m];
        if (ami !== 0 && vm !== null) {
          coeffs.push(dt * ami);
          xs.push(vm);
          if (dt * ami !== 0) nonZero = true;
        }
      }
      if (!nonZero) continue; // a zero cotangent pulls back to zero: skip the VJP
      const row = a[i] ?? [];
      const yc = this.stateCoeffBuf;
      const ys = this.stateTermBuf;
      yc.length = 0;
      ys.length = 0;
      yc.push(1);
      ys.push(y0);
      let ownState = false;
      for (let j = 0; j < i; j++) {
        const r = row[j] ?? 0;
        yc.push(dt * r);
        ys.push(k[j]);
        if (r !== 0) ownState = true;
      }
      const ti = c[i] === 1 ? tLast : step.t0 + c[i] * dt;
      const vjpInto = this.dynamics.vjpInto;
      const inPlace = backend.inPlace;
      if (vjpInto && inPlace) {
        // allocation-free: k̄ᵢ and Yᵢ in reused buffers, ∂L/∂θ summed straight into the accumulators, f not formed
        const scratch = this.scratchLike(y0);
        inPlace.lincombInto(scratch[0], coeffs, xs);
        if (ownState) inPlace.lincombInto(scratch[1], yc, ys);
        while (pool.length <= i) pool.push(backend.zeros(backend.shape(y0)));
        const vy = pool[i];
        pooled = true;
        this.tGrads[0] += vjpInto(ti, ownState ? scratch[1] : y0, scratch[0], this.params, { y: vy, params: this.paramGrads }, true);
        pulled[i] = vy;
        continue;
      }
      const ki = backend.lincomb(coeffs, xs);
      const yi = ownState ? backend.lincomb(yc, ys) : y0;
      const v = this.dynamics.vjp(ti, yi, ki, this.params);
      if (yi !== y0) backend.dispose(yi);
      backend.dispose([v.f, ki]);
      pulled[i] = v.y;
      if (backend.inPlace) {
        // mutable buffers: add at once and hold no per-stage parameter cotangents
        for (let p = 0; p < this.paramGrads.length; p++) backend.inPlace.lincombInto(this.paramGrads[p], [1, 1], [this.paramGrads[p], v.params[p]]);
        backend.dispose(v.params);
      } else {
        paramParts.push(v.params);
      }
      this.tGrads[0] += v.t;
    }
    const vs = pulled.filter((x): x is T => x !== null);
    const y0Bar = backend.lincomb([...y0Coef, ...vs.map(() => 1)], [...sources, ...vs]);
    if (paramParts.length >= PENDING_STAGES) this.flushParams();
    backend.dispose(pooled ? [y1Bar, ...vs.filter((v) => !pool.includes(v))] : [y1Bar, ...vs]);
    if (carry !== null) backend.dispose(carry);
    return y0Bar;
  }

  // The integration loop evaluates stages with c = 1 at the end of the step, or, when the step lands on a
  // discontinuity (jumpT), at the last float before it — on the side of the jump the step integrated.
  private lastStageTime(step: TapeStep<T>): number {
    const t1 = step.t0 + step.dt;
    for (const j of this.jumps) {
      if (Math.abs(j - t1) <= 4 * Number.EPSILON * Math.max(1, Math.abs(j))) return justBefore(j, step.dt > 0 ? 1 : -1);
    }
    return t1;
  }

  // What a step records, in order: the tableau's stages; f(t₁, y₁) for non-FSAL methods (a stage with
  // c = 1 and the row b); the interpolant's extra stages, if any (only on steps that were interpolated or
  // recorded). Each is kᵢ = f(t0 + cᵢ·dt, y0 + dt·Σⱼ aᵢⱼkⱼ), which is all the backward pass needs.
  private stagesOf(recorded: number): RecordedStages {
    if (!this.recordedStages) {
      const { a, b, c } = this.rk.tableau;
      const A = [...a];
      const B = [...b];
      const C = [...c];
      if (!this.rk.solver.fsal) {
        A.push(b);
        B.push(0);
        C.push(1);
      }
      const own = C.length;
      const extra = this.rk.denseStages;
      if (extra) {
        A.push(...extra.a);
        B.push(...extra.c.map(() => 0));
        C.push(...extra.c);
      }
      this.recordedStages = { a: A, b: B, c: C, own };
    }
    const s = this.recordedStages;
    if (recorded === s.c.length || recorded === s.own) return s;
    throw new OdeflowError(
      'UNSUPPORTED',
      `The solver "${this.rk.solver.name}" recorded ${recorded} stage derivatives per step but its tableau and ` +
        `dense stages describe ${s.c.length}; stages it does not describe cannot be differentiated. Use the "adjoint" sensitivity.`,
      { solver: this.rk.solver.name, recorded, described: s.c.length },
    );
  }

  /** Release the accumulated parameter gradients (when they are not handed to a caller). */
  dispose(): void {
    this.backend.dispose(this.pendingParams.flat());
    this.pendingParams.length = 0;
    this.backend.dispose(this.paramGrads);
  }
}
