/**
 * The limits every size a pipeline spec can set is checked against before anything is allocated, so that no
 * spec — however it was written — makes a run exhaust memory or build an unbounded structure. A field over
 * its limit is refused with INVALID_SPEC whose issue has the code `LIMIT_EXCEEDED` and the limit; files over
 * their limit are refused with `LIMIT_EXCEEDED`. The spec reference (docs/guides/pipeline-specs.md) lists them.
 */
export const PIPELINE_LIMITS = {
  /** Bytes of a spec file read by the CLI. */
  specBytes: 32 * 1024 * 1024,
  /** Nesting depth of a spec document (objects and arrays). */
  jsonDepth: 64,
  /** Values (numbers, strings, objects, arrays...) in a spec document. */
  jsonValues: 4_000_000,
  /** Stages of a pipeline. */
  stages: 1_000,
  /** Characters of a pipeline name or of a sink's file name. */
  nameLength: 100,
  /** Samples of a data source (`points`, the times of an `array` stage or a time grid, the rows of a CSV file). */
  points: 100_000,
  /** Bytes of a CSV file read by a `csv` stage. */
  csvBytes: 32 * 1024 * 1024,
  /** Width of an MLP layer, its `inputSize`, and the length of a state (`y0`, a data row). */
  width: 10_000,
  /** Parameters of one block (an MLP's weights and biases together). */
  parameters: 1_000_000,
  /** Numbers in one trajectory: samples × state size. */
  trajectoryValues: 10_000_000,
  /** Training iterations (a train stage's, the experiment's, `--iterations`). */
  iterations: 1_000_000,
  /** Windows per minibatch (`batchSize`). */
  batchSize: 10_000,
  /** Numbers in one minibatch: `batchSize` × `batchLength` × state size. */
  batchValues: 10_000_000,
  /** Solver steps of one solve (`options.maxSteps`; and the steps a fixed `options.stepSize` needs). */
  steps: 10_000_000,
  /** Runs of an experiment: backends × solvers × sensitivities × seeds. */
  runs: 1_000,
  /** Horizons of a memory comparison. */
  horizons: 100,
} as const;

/** The names of {@link PIPELINE_LIMITS}. */
export type PipelineLimit = keyof typeof PIPELINE_LIMITS;
