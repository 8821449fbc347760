import { JsBackend, type BackendMemory, type Dynamics, type DynamicsVjp, type JsTensor, type TensorBackend } from '@odeflow/core';

/** A tensor of {@link BoxedBackend}: an opaque box around a js tensor. */
export class Box {
  constructor(readonly t: JsTensor) {}
}

/**
 * A backend with immutable, opaque tensors and no in-place ops — like tfjs, but float64 — so that tests
 * exercise the generic (allocating) paths of the solvers and sensitivities. Delegates to a JsBackend,
 * whose byte accounting it reports.
 */
export class BoxedBackend implements TensorBackend<Box> {
  readonly name = 'boxed';
  readonly dtype = 'float64' as const;
  readonly minTolerance = 1e-14;
  readonly inner = new JsBackend();
  private b = (x: JsTensor) => new Box(x);

  fromArray(data: ArrayLike<number>, shape?: readonly number[]) { return this.b(this.inner.fromArray(data, shape)); }
  zeros(shape: readonly number[]) { return this.b(this.inner.zeros(shape)); }
  fill(shape: readonly number[], v: number) { return this.b(this.inner.fill(shape, v)); }
  toFloat64Array(x: Box) { return this.inner.toFloat64Array(x.t); }
  shape(x: Box) { return this.inner.shape(x.t); }
  size(x: Box) { return this.inner.size(x.t); }
  clone(x: Box) { return this.b(this.inner.clone(x.t)); }
  lincomb(c: readonly number[], xs: readonly Box[]) { return this.b(this.inner.lincomb(c, xs.map((x) => x.t))); }
  errorNorm(e: Box, a: Box, b: Box, r: number | Box, t: number | Box) {
    return this.inner.errorNorm(e.t, a.t, b.t, typeof r === 'number' ? r : r.t, typeof t === 'number' ? t : t.t);
  }
  rms(x: Box) { return this.inner.rms(x.t); }
  dot(x: Box, y: Box) { return this.inner.dot(x.t, y.t); }
  maxAbs(x: Box) { return this.inner.maxAbs(x.t); }
  allFinite(x: Box) { return this.inner.allFinite(x.t); }
  reshape(x: Box, s: readonly number[]) { return this.b(this.inner.reshape(x.t, s)); }
  concat(xs: readonly Box[]) { return this.b(this.inner.concat(xs.map((x) => x.t))); }
  split(x: Box, s: readonly number[]) { return this.inner.split(x.t, s).map(this.b); }
  add(a: Box, b: Box | number) { return this.b(this.inner.add(a.t, typeof b === 'number' ? b : b.t)); }
  sub(a: Box, b: Box | number) { return this.b(this.inner.sub(a.t, typeof b === 'number' ? b : b.t)); }
  mul(a: Box, b: Box | number) { return this.b(this.inner.mul(a.t, typeof b === 'number' ? b : b.t)); }
  div(a: Box, b: Box | number) { return this.b(this.inner.div(a.t, typeof b === 'number' ? b : b.t)); }
  neg(x: Box) { return this.b(this.inner.neg(x.t)); }
  tanh(x: Box) { return this.b(this.inner.tanh(x.t)); }
  relu(x: Box) { return this.b(this.inner.relu(x.t)); }
  sigmoid(x: Box) { return this.b(this.inner.sigmoid(x.t)); }
  softplus(x: Box) { return this.b(this.inner.softplus(x.t)); }
  exp(x: Box) { return this.b(this.inner.exp(x.t)); }
  sin(x: Box) { return this.b(this.inner.sin(x.t)); }
  cos(x: Box) { return this.b(this.inner.cos(x.t)); }
  pow(x: Box, p: number) { return this.b(this.inner.pow(x.t, p)); }
  sum(x: Box) { return this.b(this.inner.sum(x.t)); }
  matMul(a: Box, b: Box, ta?: boolean, tb?: boolean) { return this.b(this.inner.matMul(a.t, b.t, ta, tb)); }
  transpose(x: Box) { return this.b(this.inner.transpose(x.t)); }
  tidy<R>(fn: () => R): R { return this.inner.tidy(fn); }
  keep<X extends Box>(x: X): X { this.inner.keep(x.t); return x; }
  dispose(x: Box | readonly Box[]) { this.inner.dispose(x instanceof Box ? x.t : x.map((y) => y.t)); }
  memory(): BackendMemory { return this.inner.memory(); }
  resetPeak() { this.inner.resetPeak(); }
}

/** y' = A·y written in backend ops only (the generic path), with a second, unused parameter. */
export function opsLinearDynamics(be: BoxedBackend): Dynamics<Box> {
  const col = (x: Box) => be.reshape(x, [be.size(x), 1]);
  const f = (y: Box, A: Box) => be.tidy(() => be.reshape(be.matMul(A, col(y)), be.shape(y)));
  return {
    name: 'linear (ops)',
    f: (_t, y, [A]) => f(y, A),
    vjp(_t, y, a, params): DynamicsVjp<Box> {
      const [A] = params;
      return be.tidy(() => ({
        f: f(y, A),
        y: be.reshape(be.matMul(A, col(a), true), be.shape(y)),
        params: [be.matMul(col(a), be.reshape(y, [1, be.size(y)])), ...params.slice(1).map((p) => be.zeros(be.shape(p)))],
        t: 0,
      }));
    },
  };
}
