// Fit the damping b and stiffness c of a pendulum θ'' = −b·θ' − c·sin θ to observations, with the dynamics
// written as equations (symbolic derivatives give the VJP), gradients by the adjoint method and Adam.
// Run: npx --yes pnpm@12.21.0 run build, then node examples/equations/fit-pendulum.mjs
import { pathToFileURL } from 'node:url';
import { Adam, createOdeflow, equationDynamics, train } from 'odeflow';

/** The model as data: it could as well come from a JSON file. */
export const PENDULUM = {
  state: ['theta', 'omega'],
  params: { b: 0.6, c: 3.5 }, // the initial guess
  equations: { theta: 'omega', omega: '-b*omega - c*sin(theta)' },
};

/**
 * Generate observations with b = 0.25, c = 5, then fit b and c from the initial guess.
 * @param {{ steps?: number, learningRate?: number, decay?: number, sensitivity?: string, log?: (line: string) => void }} options
 */
export async function fitPendulum(options = {}) {
  const { steps = 300, learningRate = 0.1, decay = 0.99, sensitivity = 'adjoint', log = () => {} } = options;
  const flow = await createOdeflow({ sensitivity, options: { rtol: 1e-9, atol: 1e-9 } });
  const backend = flow.backend;
  const { dynamics, params, paramNames } = equationDynamics(backend, PENDULUM);
  const ts = Array.from({ length: 17 }, (_, i) => i / 4);
  const y0 = backend.fromArray([1, 0]);

  // Observations from the true parameters.
  const truth = [backend.fromArray([0.25], [1]), backend.fromArray([5], [1])];
  const observed = flow.solve({ dynamics, y0, ts, params: truth }).ys.map((y) => backend.toFloat64Array(y));

  // L = mean over times of ½‖y(tᵢ) − yᵢ‖²; its cotangents are (y(tᵢ) − yᵢ)/N.
  const loss = (ys) => {
    let value = 0;
    const cotangents = ys.map((y, i) => {
      const r = Array.from(backend.toFloat64Array(y), (v, k) => (v - observed[i][k]) / ts.length);
      value += 0.5 * ts.length * r.reduce((s, x) => s + x * x, 0);
      return backend.fromArray(r);
    });
    return { value, cotangents };
  };

  const optimizer = new Adam(backend, { learningRate });
  const result = train({
    backend,
    params,
    optimizer,
    steps,
    step: () => {
      const { value, gradients, solution } = flow.valueAndGradients({ dynamics, y0, ts, params }, loss);
      backend.dispose([...solution.ys, gradients.y0]);
      return { loss: value, grads: gradients.params };
    },
    onIteration: (record) => {
      // A decaying step lets Adam settle on the minimum instead of circling it.
      optimizer.learningRate = learningRate * decay ** (record.iteration + 1);
      if (record.iteration % 50 === 0) log(`iteration ${record.iteration}: loss ${record.loss.toExponential(3)}`);
    },
  });
  const fitted = Object.fromEntries(paramNames.map((name, k) => [name, backend.toFloat64Array(params[k])[0]]));
  return { fitted, loss: result.history.at(-1)?.loss ?? NaN, iterations: result.iterations, msPerIteration: result.medianMsPerIteration };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { fitted, loss, iterations, msPerIteration } = await fitPendulum({ log: console.log });
  console.log(`after ${iterations} Adam steps (${msPerIteration.toFixed(1)} ms each): b = ${fitted.b.toFixed(5)} (true 0.25), c = ${fitted.c.toFixed(5)} (true 5), loss ${loss.toExponential(3)}`);
}
