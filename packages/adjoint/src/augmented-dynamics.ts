import { JsBackend, JsTensor, type Dynamics, type TensorBackend } from '@odeflow/core';
import type { CountingDynamics } from './counting-dynamics.js';

/**
 * The adjoint's augmented system on one flat tensor s = [z, a, a_θ, a_t] (Chen et al. 2018, Algorithm 1
 * and Appendix B): ds/dt = [f(t, z, θ), −aᵀ∂f/∂z, −aᵀ∂f/∂θ, −aᵀ∂f/∂t], all four from one VJP of the
 * dynamics. Flat, so that any solver and its error control see one state.
 */
export class AugmentedDynamics<T> implements Dynamics<T> {
  /** Name for messages. */
  readonly name: string;
  /** Sizes of the channels z, a, a_θ, a_t in the flat state. */
  readonly sizes: readonly number[];
  /**
   * The flat state split finer, for error control: z, a, one piece of a_θ per parameter tensor, a_t —
   * the tuple torchdiffeq's adjoint integrates, each part normed on its own.
   */
  readonly channels: readonly number[];
  /** On the js backend: writes ds/dt into `out` without splitting or concatenating tensors. */
  readonly fInto?: (t: number, s: T, params: readonly T[], out: T) => void;

  /**
   * @param backend - backend of the state
   * @param dynamics - the (counted) forward dynamics
   * @param params - θ, held constant during the backward solve
   * @param yShape - shape of z and a
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly dynamics: CountingDynamics<T>,
    private readonly params: readonly T[],
    private readonly yShape: readonly number[],
  ) {
    this.name = `adjoint of ${dynamics.name ?? 'dynamics'}`;
    const n = yShape.reduce((p, d) => p * d, 1);
    const p = params.reduce((s, x) => s + backend.size(x), 0);
    this.sizes = [n, n, p, 1];
    this.channels = [n, n, ...params.map((x) => backend.size(x)), 1];
    if (backend instanceof JsBackend) {
      this.fInto = (t, s, _params, out) => this.flatInto(t, s as JsTensor, out as JsTensor);
    }
  }

  /** [f, −aᵀ∂f/∂z, −aᵀ∂f/∂θ, −aᵀ∂f/∂t] at (t, s); the problem's θ are used, not `_params`. */
  f(t: number, s: T, _params: readonly T[]): T {
    const b = this.backend;
    if (this.fInto) {
      const out = b.zeros(b.shape(s));
      this.fInto(t, s, _params, out);
      return out;
    }
    // Other backends (tfjs, wasm: every op is a dispatch of a few µs, a read or a write of these small
    // tensors costs less): read s once, pass z and −a as new tensors (the VJP is linear in its cotangent, so
    // it returns the negated channels directly), and write the result as one tensor. 22 dispatches for the
    // spiral's MLP instead of ≈ 60 with split, reshapes, negations and concat.
    const n = this.sizes[0];
    const sd = b.toFloat64Array(s);
    const z = b.fromArray(sd.subarray(0, n), this.yShape);
    const negA = new Float64Array(n);
    for (let i = 0; i < n; i++) negA[i] = -sd[n + i];
    const a = b.fromArray(negA, this.yShape);
    try {
      const v = this.dynamics.vjp(t, z, a, this.params);
      const out = new Float64Array(sd.length);
      let off = 0;
      for (const x of [v.f, v.y, ...v.params]) {
        const d = b.toFloat64Array(x);
        out.set(d, off);
        off += d.length;
      }
      out[off] = v.t;
      b.dispose([v.f, v.y, ...v.params]);
      return b.fromArray(out, b.shape(s));
    } finally {
      b.dispose([z, a]);
    }
  }

  // The js fast path: z and a are views into the state (no copy, no bytes held), the VJP's results are
  // written negated straight into `out` and released.
  private flatInto(t: number, s: JsTensor, out: JsTensor): void {
    const n = this.sizes[0];
    const d = s.data;
    const z = new JsTensor(d.subarray(0, n), this.yShape);
    const a = new JsTensor(d.subarray(n, 2 * n), this.yShape);
    const o = out.data;
    const vjpInto = this.dynamics.vjpInto;
    if (vjpInto) {
      // the VJP writes into views of `out` and is negated there: nothing allocated, nothing copied
      let off = 2 * n;
      const gs = this.params.map((x) => {
        const size = this.backend.size(x);
        const view = new JsTensor(o.subarray(off, off + size), this.backend.shape(x));
        off += size;
        return view as T;
      });
      const targets = { f: new JsTensor(o.subarray(0, n), this.yShape) as T, y: new JsTensor(o.subarray(n, 2 * n), this.yShape) as T, params: gs };
      const gt = vjpInto(t, z as T, a as T, this.params, targets);
      for (let i = n; i < off; i++) o[i] = -o[i];
      o[off] = -gt;
      return;
    }
    const v = this.dynamics.vjp(t, z as T, a as T, this.params);
    o.set((v.f as JsTensor).data, 0);
    const vy = (v.y as JsTensor).data;
    for (let i = 0; i < n; i++) o[n + i] = -vy[i];
    let off = 2 * n;
    for (const g of v.params) {
      const gd = (g as JsTensor).data;
      for (let i = 0; i < gd.length; i++) o[off + i] = -gd[i];
      off += gd.length;
    }
    o[off] = -v.t;
    this.backend.dispose([v.f, v.y, ...v.params]);
  }
}
