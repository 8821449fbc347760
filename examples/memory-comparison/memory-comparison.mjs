// Adjoint vs direct backpropagation vs checkpointing on MLP dynamics: peak memory, evaluations, wall time and
// gradient agreement over growing integration lengths, rendered as Markdown and SVG.
import { JsBackend } from '@odeflow/core';
import { realiseBlock } from '@odeflow/blocks';
import { AdjointSensitivity, CheckpointedSensitivity, compareSensitivities, DirectSensitivity, toMarkdown, toSvg } from '@odeflow/adjoint';
import { dopri5 } from '@odeflow/solvers';

/** The MLP block: f(y) = tanh(y·W1 + b1)·W2 + b2, 2 → 50 → 2. */
export const MLP_SPEC = {
  kind: 'mlp',
  inputSize: 2,
  widths: [50, 2],
  activation: 'tanh',
  init: { weights: { kind: 'normal', std: 0.2 }, bias: { kind: 'normal', std: 0.5 }, seed: 3 },
};

/**
 * Realise the block and tie its output layer to its input layer, W2 = W1ᵀ·Jᵀ with J the quarter turn and
 * b2 = 0, so that f = J·∇Φ with Φ(y) = Σ log cosh(y·W1 + b1): a Hamiltonian flow whose orbits neither grow
 * nor collapse. The number of steps then grows in proportion to the integration length, which is what the
 * comparison sweeps; the four parameter tensors are still differentiated as independent parameters.
 */
export function hamiltonianMlp(backend) {
  const block = realiseBlock(MLP_SPEC, backend);
  const [W1, b1, W2, b2] = block.params;
  const w1 = backend.toFloat64Array(W1); // [2, 50], row-major
  const h = MLP_SPEC.widths[0];
  const tied = new Float64Array(2 * h);
  for (let j = 0; j < h; j++) {
    tied[2 * j] = w1[h + j];
    tied[2 * j + 1] = -w1[j];
  }
  const params = [W1, b1, backend.fromArray(tied, backend.shape(W2)), backend.zeros(backend.shape(b2))];
  backend.dispose([W2, b2]);
  return { dynamics: block.dynamics, params };
}

/**
 * Run the comparison on the js backend (float64). Loss: L = Σᵢ ‖y(tᵢ)‖² / (2·outputs) over `outputs` times
 * evenly spread on [0, horizon]; dopri5 at rtol 1e-7, atol 1e-9.
 */
export function runMemoryComparison({ horizons = [5, 10, 20, 40, 80], outputs = 11, repeats = 3 } = {}) {
  const backend = new JsBackend();
  const adjoint = new AdjointSensitivity();
  const checkpointed = new CheckpointedSensitivity();
  const table = compareSensitivities(
    (horizon) => {
      const { dynamics, params } = hamiltonianMlp(backend);
      const y0 = backend.fromArray([2, 0]);
      const ts = Array.from({ length: outputs }, (_, k) => (horizon * k) / (outputs - 1));
      return {
        problem: { dynamics, y0, ts, params },
        context: { backend, solver: dopri5, options: { rtol: 1e-7, atol: 1e-9 }, resolveSolver: () => dopri5 },
        cotangents: (sol) => sol.ys.map((y) => backend.lincomb([1 / sol.ys.length], [y])),
        dispose: () => backend.dispose([y0, ...params]),
      };
    },
    {
      methods: [
        new DirectSensitivity(),
        adjoint,
        { label: 'adjoint (seminorm)', sensitivity: adjoint, options: { norm: 'seminorm' } },
        { label: 'adjoint (interpolate)', sensitivity: adjoint, options: { adjointState: 'interpolate' } },
        checkpointed,
        { label: 'checkpointed (every 16 steps)', sensitivity: checkpointed, options: { checkpointEvery: 16 } },
      ],
      horizons,
      repeats,
    },
  );
  const markdown =
    '# Memory of the gradient: direct vs adjoint vs checkpointed\n\n' +
    'MLP dynamics 2→50→tanh→2 (Hamiltonian-tied weights), y0 = [2, 0], dopri5 at rtol 1e-7, atol 1e-9, ' +
    `${outputs} output times on [0, horizon], js backend (float64). Peak bytes are the most bytes held at once for the ` +
    'gradient (forward + backward) beyond what was live before, counted whole by the run\'s memory meter: live tensors, ' +
    "the block's WebAssembly memory (parameters, workspaces, remembered forward passes), the direct tape, checkpoints " +
    'and replayed segments, and the float64 copy of the forward solution the interpolating adjoint keeps; the last ' +
    `column says what the peak was made of. Wall ms is the median of ${repeats} runs.\n\n` +
    toMarkdown(table);
  return { table, markdown, svg: toSvg(table), leftover: backend.memory().bytes };
}
