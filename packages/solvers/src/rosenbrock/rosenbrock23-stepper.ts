import type { StepperContext } from '../stepper.js';
import { ROSENBROCK23 } from './rosenbrock23-coefficients.js';
import { RosenbrockStepper } from './rosenbrock-stepper.js';
import type { StageVector } from './stage-buffers.js';

const { d: D, e32: E32 } = ROSENBROCK23;

/**
 * The step of ode23s (Shampine–Reichelt), with W = I − h·d·J factorised once per attempt:
 * k₁ = W⁻¹(F₀ + h·d·T), F₁ = f(t₀ + h/2, y₀ + (h/2)k₁), k₂ = W⁻¹(F₁ − k₁) + k₁, y₁ = y₀ + h·k₂,
 * F₂ = f(t₁, y₁), k₃ = W⁻¹(F₂ − e₃₂(k₂ − F₁) − 2(k₁ − F₀) + h·d·T), error h/6·(k₁ − 2k₂ + k₃).
 * Records k = [F₀, k₁, k₂, F₂]; F₂ is the next step's F₀ (first same as last).
 */
export class Rosenbrock23Stepper<T> extends RosenbrockStepper<T> {
  private readonly u: StageVector<T>;
  private readonly fMid: StageVector<T>;
  private readonly k3: Float64Array;
  /** Whether F₂ = f(t₁, y₁) is already evaluated for the current attempt. */
  private f2Done = false;

  /**
   * @param ctx - the solve
   * @param y0 - a tensor of the state's shape (not taken)
   * @param name - the method's name, for messages
   */
  constructor(ctx: StepperContext<T>, y0: T, name: string) {
    super(ctx, y0, 4, D, name);
    this.u = this.buffers.vector();
    this.fMid = this.buffers.vector();
    this.k3 = new Float64Array(this.buffers.n);
  }

  protected stages(t0: number, h: number, tLast: number, estimate: boolean): void {
    const n = this.buffers.n;
    const m = this.matrix;
    const T = m.dT;
    const hd = h * D;
    const y0 = this.v0.data;
    const f0 = this.kv[0].data;
    const k1 = this.kv[1].data;
    const k2 = this.kv[2].data;
    const u = this.u.data;
    const f1 = this.fMid.data;
    const y1 = this.v1.data;
    for (let i = 0; i < n; i++) k1[i] = f0[i] + hd * T[i];
    m.solve(k1);
    for (let i = 0; i < n; i++) u[i] = y0[i] + 0.5 * h * k1[i];
    this.nfe++;
    this.buffers.f(t0 + 0.5 * h, this.u, this.fMid);
    for (let i = 0; i < n; i++) k2[i] = f1[i] - k1[i];
    m.solve(k2);
    for (let i = 0; i < n; i++) {
      k2[i] += k1[i];
      y1[i] = y0[i] + h * k2[i];
    }
    this.f2Done = false;
    if (!estimate) return;
    this.finish(tLast);
    const f2 = this.f1.data;
    const k3 = this.k3;
    for (let i = 0; i < n; i++) k3[i] = f2[i] - E32 * (k2[i] - f1[i]) - 2 * (k1[i] - f0[i]) + hd * T[i];
    m.solve(k3);
    const e = this.err.data;
    for (let i = 0; i < n; i++) e[i] = (h / 6) * (k1[i] - 2 * k2[i] + k3[i]);
  }

  protected finish(tLast: number): void {
    if (this.f2Done) return;
    this.f2Done = true;
    this.nfe++;
    this.buffers.f(tLast, this.v1, this.f1);
  }

  protected dense(): void {
    // k₁ and k₂ are the dense output's own vectors
  }
}
