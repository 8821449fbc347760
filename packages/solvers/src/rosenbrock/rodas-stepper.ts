import { copyVector } from '../copy-vector.js';
import type { StepperContext } from '../stepper.js';
import type { RodasTableau } from './rodas-tableau.js';
import { RosenbrockStepper } from './rosenbrock-stepper.js';
import type { StageVector } from './stage-buffers.js';

/**
 * The step of a Rodas-type method ({@link RodasTableau}) with W = I − hγ·J factorised once per attempt and
 * reused by every stage. Records k = [f(t₀, y₀), K₁/h, K₂/h, …, f(t₁, y₁)]: the dense-output vectors are
 * formed from the stages only when a step's dense output is used, and f(t₁, y₁) is evaluated once the
 * step is accepted (it is the next step's first stage).
 */
export class RodasStepper<T> extends RosenbrockStepper<T> {
  private readonly u: StageVector<T>;
  private readonly du: StageVector<T>;
  /** The stage vectors kᵢ (state increments). */
  private readonly ks: Float64Array[] = [];

  /**
   * @param tableau - the method's coefficients
   * @param ctx - the solve
   * @param y0 - a tensor of the state's shape (not taken)
   * @param name - the method's name, for messages
   */
  constructor(
    private readonly tableau: RodasTableau,
    ctx: StepperContext<T>,
    y0: T,
    name: string,
  ) {
    super(ctx, y0, tableau.H.length + 2, tableau.gamma, name);
    this.u = this.buffers.vector();
    this.du = this.buffers.vector();
    for (let i = 0; i < tableau.c.length; i++) this.ks.push(new Float64Array(this.buffers.n));
  }

  protected stages(t0: number, h: number, tLast: number, estimate: boolean): void {
    const { a, C, c, d, gamma } = this.tableau;
    const n = this.buffers.n;
    const m = this.matrix;
    const T = m.dT;
    const hg = h * gamma;
    const ks = this.ks;
    const y0 = this.v0.data;
    const u = this.u.data;
    const du = this.du.data;
    const last = ks.length - 1;
    for (let s = 0; s <= last; s++) {
      const k = ks[s];
      if (s === 0) {
        const f0 = this.kv[0].data;
        for (let i = 0; i < n; i++) k[i] = f0[i] + h * d[0] * T[i];
      } else {
        copyVector(u, y0);
        const as = a[s];
        for (let j = 0; j < s; j++) if (as[j] !== 0) axpy(n, as[j], ks[j], u);
        this.nfe++;
        this.buffers.f(c[s] === 1 ? tLast : t0 + c[s] * h, this.u, this.du);
        const hd = h * d[s];
        for (let i = 0; i < n; i++) k[i] = du[i] + hd * T[i];
        const cs = C[s];
        for (let j = 0; j < s; j++) if (cs[j] !== 0) axpy(n, cs[j] / h, ks[j], k);
      }
      m.solve(k);
      for (let i = 0; i < n; i++) k[i] *= hg;
    }
    // stiffly accurate: y₁ = u_last + k_last, and k_last is the local error of the embedded solution u_last
    const y1 = this.v1.data;
    const kl = ks[last];
    for (let i = 0; i < n; i++) y1[i] = u[i] + kl[i];
    if (estimate) copyVector(this.err.data, kl);
  }

  protected finish(tLast: number): void {
    this.nfe++;
    this.buffers.f(tLast, this.v1, this.f1);
  }

  protected dense(h: number): void {
    const { H } = this.tableau;
    const n = this.buffers.n;
    for (let r = 0; r < H.length; r++) {
      const out = this.kv[r + 1].data;
      out.fill(0);
      const hr = H[r];
      for (let s = 0; s < hr.length; s++) axpy(n, hr[s] / h, this.ks[s], out);
    }
  }
}

/** y ← y + α·x over the first n entries. */
function axpy(n: number, alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < n; i++) y[i] += alpha * x[i];
}
