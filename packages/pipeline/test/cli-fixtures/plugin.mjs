// A user plugin as the CLI loads it (`odeflow run spec.json --plugin plugin.mjs`): a ContainerModule that
// registers a solver (Kutta's third-order tableau) and a block kind (a linear map y ↦ y·W with its VJP).
import { ContainerModule } from 'inversify';
import { bindNamed, TOKENS } from '@odeflow/core';
import { ButcherTableau, ExplicitRungeKutta } from '@odeflow/solvers';

const kutta3 = new ExplicitRungeKutta({
  name: 'kutta3',
  order: 3,
  tableau: new ButcherTableau({ c: [0, 0.5, 1], a: [[], [0.5], [-1, 2]], b: [1 / 6, 2 / 3, 1 / 6] }),
  description: "Kutta's third-order method (plugin)",
});

/** dy/dt = y·W on [n] or [B, n] js tensors; W starts at `scale`·I. */
const linearBlock = {
  kind: 'linear',
  description: 'linear dynamics y·W (plugin)',
  realise(spec, backend, _seed, path) {
    const n = spec.size;
    if (!Number.isInteger(n) || n < 1) throw new Error(`${path}.size: expected a positive integer`);
    const w = new Float64Array(n * n);
    for (let i = 0; i < n; i++) w[i * n + i] = spec.scale ?? 0;
    const matmul = (y, W) => {
      const rows = y.length / n;
      const out = new Float64Array(y.length);
      for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) { let s = 0; for (let i = 0; i < n; i++) s += y[r * n + i] * W[i * n + j]; out[r * n + j] = s; }
      return out;
    };
    return {
      params: [backend.fromArray(w, [n, n])],
      paramNames: ['W'],
      dynamics: {
        name: 'linear',
        f: (_t, y, [W]) => backend.fromArray(matmul(y.data, W.data), y.shape),
        vjp: (_t, y, a, [W]) => {
          const rows = y.data.length / n;
          const dy = new Float64Array(y.data.length);
          const dW = new Float64Array(n * n);
          for (let r = 0; r < rows; r++)
            for (let i = 0; i < n; i++)
              for (let j = 0; j < n; j++) {
                dy[r * n + i] += a.data[r * n + j] * W.data[i * n + j];
                dW[i * n + j] += y.data[r * n + i] * a.data[r * n + j];
              }
          return { f: backend.fromArray(matmul(y.data, W.data), y.shape), y: backend.fromArray(dy, y.shape), params: [backend.fromArray(dW, [n, n])], t: 0 };
        },
      },
    };
  },
};

export default new ContainerModule((options) => {
  bindNamed(options, TOKENS.Solver, 'kutta3', kutta3);
  bindNamed(options, TOKENS.BlockKind, 'linear', linearBlock);
});
