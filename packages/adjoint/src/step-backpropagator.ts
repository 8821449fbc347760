import type { TensorBackend } from '@odeflow/core';
import { addAll } from './add-all.js';
import type { CountingDynamics } from './counting-dynamics.js';
import type { ExplicitRk } from './explicit-rk.js';
import { lastStageTime } from './last-stage-time.js';
import { checkRecorded, recordedStages, type RecordedStages } from './recorded-stages.js';
import { lastStageCotangent, sharesLastStage } from './shared-last-stage.js';
import type { StepOutput } from './step-output.js';
import type { TapeStep } from './step-tape.js';

export type { StepOutput } from './step-output.js';

// At most this many stages' parameter cotangents are held before they are summed (one lincomb per parameter).
const PENDING_STAGES = 64;

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
        const carry = prev ? lastStageCotangent(this.backend, this.rk, prev, byStep.get(s - 1) ?? [], cotangents) : null;
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
    const { backend } = this;
    const st = this.stagesOf(step.k.length);
    const { dt } = step;
    const stages = step.k.length;
    // y1 = y0 + dt·Σ bᵢkᵢ: ȳ1 reaches y0 unchanged and stage i with weight dt·bᵢ.
    const sources: T[] = [y1Bar];
    const y0Coef: number[] = [1];
    const kCoef: number[][] = Array.from({ length: stages }, (_, i) => [dt * (st.b[i] ?? 0)]);
    for (const o of outputs) this.addOutput(step, o, cotangents[o.index], st.b, sources, y0Coef, kCoef);
    if (carry !== null) {
      sources.push(carry);
      y0Coef.push(0);
      for (let i = 0; i < stages; i++) kCoef[i].push(i === 0 ? 1 : 0);
    }
    const tLast = this.lastStageTime(step);
    const pulled: (T | null)[] = new Array<T | null>(stages).fill(null);
    const pool = this.pulledPool;
    let pooled = false;
    for (let i = skipLast ? stages - 2 : stages - 1; i >= 0; i--) {
      if (this.pullStage(step, st, i, kCoef[i], sources, pulled, tLast)) pooled = true;
    }
    const vs = pulled.filter((x): x is T => x !== null);
    const y0Bar = backend.lincomb([...y0Coef, ...vs.map(() => 1)], [...sources, ...vs]);
    if (this.pendingParams.length >= PENDING_STAGES) this.flushParams();
    backend.dispose(pooled ? [y1Bar, ...vs.filter((v) => !pool.includes(v))] : [y1Bar, ...vs]);
    if (carry !== null) backend.dispose(carry);
    return y0Bar;
  }

  // An output y(θ) = w_y0·y0 + w_y1·y1 + dt·Σ w_kᵢ·kᵢ of the step: its cotangent becomes a source of ȳ0 and of
  // every stage's cotangent, and its time derivative goes to ∂L/∂tᵢ (and, with the opposite sign, ∂L/∂t0).
  private addOutput(step: TapeStep<T>, o: StepOutput, ct: T, b: readonly number[], sources: T[], y0Coef: number[], kCoef: number[][]): void {
    const { backend, rk } = this;
    const { dt, y0, k } = step;
    const stages = k.length;
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

  // Stage i's cotangent k̄ᵢ = Σ (source coefficients) + Σ_{m > i} dt·a_mi·(∂f/∂Y_m)ᵀk̄_m, pulled through the VJP
  // at (tᵢ, Yᵢ) into pulled[i]; ∂L/∂θ and ∂L/∂t0 collect the rest. Returns whether pulled[i] is a pool buffer.
  // (in arrays reused for every stage: this runs once per VJP)
  private pullStage(
    step: TapeStep<T>,
    st: RecordedStages,
    i: number,
    kc: readonly number[],
    sources: readonly T[],
    pulled: (T | null)[],
    tLast: number,
  ): boolean {
    const { backend } = this;
    const { dt, y0, k } = step;
    const { a, c } = st;
    const stages = k.length;
    const coeffs = this.coeffBuf;
    const xs = this.termBuf;
    coeffs.length = 0;
    xs.length = 0;
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
    if (!nonZero) return false; // a zero cotangent pulls back to zero: skip the VJP
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
      const pool = this.pulledPool;
      while (pool.length <= i) pool.push(backend.zeros(backend.shape(y0)));
      const vy = pool[i];
      this.tGrads[0] += vjpInto(ti, ownState ? scratch[1] : y0, scratch[0], this.params, { y: vy, params: this.paramGrads }, true);
      pulled[i] = vy;
      return true;
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
      this.pendingParams.push(v.params);
    }
    this.tGrads[0] += v.t;
    return false;
  }

  private lastStageTime(step: TapeStep<T>): number {
    return lastStageTime(step.t0, step.dt, this.jumps);
  }

  private sharesLastStage(prev: TapeStep<T>, next: TapeStep<T>): boolean {
    return !this.rk.denseStages && sharesLastStage(this.stagesOf(prev.k.length), prev, next, this.lastStageTime(prev));
  }

  private stagesOf(recorded: number): RecordedStages {
    if (!this.recordedStages) this.recordedStages = recordedStages(this.rk);
    checkRecorded(this.rk, this.recordedStages, recorded);
    return this.recordedStages;
  }

  /** Release the accumulated parameter gradients (when they are not handed to a caller). */
  dispose(): void {
    this.backend.dispose(this.pendingParams.flat());
    this.pendingParams.length = 0;
    this.backend.dispose(this.paramGrads);
  }
}
