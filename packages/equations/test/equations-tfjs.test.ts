import { beforeAll, describe, expect, it } from 'vitest';
import { BackendEquationDynamics, createOdeflow, equationDynamics, JsBackend, type EquationSpec, type Odeflow, type TensorBackend } from 'odeflow';

const SPEC: EquationSpec = {
  state: ['theta', 'omega'],
  params: { b: 0.3, c: 4, A: 0.5, w: 1.7 },
  equations: { theta: 'omega', omega: '-b*omega - c*sin(theta) + A*cos(w*t)' },
};

const js = new JsBackend();
let flow: Odeflow<unknown>;
let tfjs: TensorBackend<unknown>;
beforeAll(async () => {
  flow = await createOdeflow({ backend: 'tfjs', options: { rtol: 1e-5, atol: 1e-6 } });
  tfjs = flow.backend;
});

const near = (got: ArrayLike<number>, want: ArrayLike<number>, what: string) => {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThan(1e-5 * (1 + Math.abs(want[i])));
};

describe('equation dynamics on a non-js backend (tfjs, float32) go through fromArray/toFloat64Array', () => {
  it('f and the VJP agree with the float64 js dynamics, for one state and a batch, without leaking tensors', () => {
    const ref = equationDynamics(js, SPEC);
    const made = equationDynamics(tfjs, SPEC);
    expect(made.dynamics).toBeInstanceOf(BackendEquationDynamics);
    expect(made.dynamics.fInto).toBeUndefined();
    for (const shape of [[2], [3, 2]]) {
      const y = shape.length === 1 ? [0.7, -1.3] : [0.7, -1.3, 0.2, 0.4, -1, 2];
      const a = y.map((v, i) => 0.5 - 0.3 * i);
      const before = tfjs.memory().tensors;
      const yt = tfjs.fromArray(y, shape);
      const at = tfjs.fromArray(a, shape);
      const f = made.dynamics.f(0.9, yt, made.params);
      const r = made.dynamics.vjp!(0.9, yt, at, made.params);
      const want = ref.dynamics.vjp!(0.9, js.fromArray(y, shape), js.fromArray(a, shape), ref.params);
      expect(tfjs.shape(f)).toEqual(shape);
      expect(tfjs.shape(r.y)).toEqual(shape);
      near(tfjs.toFloat64Array(f), want.f.data, 'f');
      near(tfjs.toFloat64Array(r.f), want.f.data, 'vjp.f');
      near(tfjs.toFloat64Array(r.y), want.y.data, 'vjp.y');
      r.params.forEach((g, k) => near(tfjs.toFloat64Array(g), want.params[k].data, `vjp.${made.paramNames[k]}`));
      expect(Math.abs(r.t - want.t)).toBeLessThan(1e-5 * (1 + Math.abs(want.t)));
      tfjs.dispose([yt, at, f, r.f, r.y, ...r.params]);
      expect(tfjs.memory().tensors).toBe(before);
    }
  });

  it('adjoint gradients on tfjs agree with those on js to float32 accuracy', async () => {
    const jsFlow = await createOdeflow({ options: { rtol: 1e-10, atol: 1e-10 } });
    const gradients = <T>(f: Odeflow<T>) => {
      const b = f.backend;
      const { dynamics, params } = equationDynamics(b, SPEC);
      const r = f.valueAndGradients({ dynamics, y0: b.fromArray([0.5, 0.2]), ts: [0, 0.5, 1], params }, (ys) => ({
        value: 0,
        cotangents: ys.map((y) => b.clone(y)),
      }));
      return [...r.gradients.params.map((g) => b.toFloat64Array(g)[0]), ...b.toFloat64Array(r.gradients.y0)];
    };
    const want = gradients(jsFlow);
    const got = gradients(flow);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `${i}: ${got[i]} vs ${want[i]}`).toBeLessThan(1e-3 * (1 + Math.abs(want[i])));
  });
});
