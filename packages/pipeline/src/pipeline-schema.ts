import { z } from 'zod';
import { PIPELINE_LIMITS as LIMIT } from './pipeline-limits.js';
import { FORBIDDEN_SPEC_KEYS } from './spec-value-issues.js';
import type { CompareMemorySpec, ExperimentDefaultsSpec, PipelineSpec, StageKind, StageSpec } from './pipeline-spec.js';

// No `.default()` anywhere: a validated spec must serialise back to exactly what was read, so defaults are
// applied when the pipeline runs, not when it is parsed.

const finite = () => z.number({ error: 'expected a finite number' });
const positive = () => finite().gt(0, { error: 'expected a number > 0' });
const count = (min: number, max?: number) => {
  const n = z.int({ error: 'expected an integer' }).min(min, { error: `expected an integer ≥ ${min}` });
  return max === undefined ? n : n.max(max, { error: `expected at most ${max} (the limit)` });
};
/** An array of at most `max` items (a documented limit). */
const atMost = <T extends z.ZodType>(item: T, max: number, error: string) =>
  z.array(item, { error }).max(max, { error: `expected at most ${max} items (the limit)` });
const seed = () => z.int({ error: 'expected an integer seed' }).min(0, { error: 'expected a seed ≥ 0' });
const name = (what: string) => z.string({ error: `expected a ${what} name (string)` }).min(1, { error: `expected a non-empty ${what} name` });

/** A stage id: a letter or underscore, then letters, digits, `_`, `-` or `.`. */
const stageId = z
  .string({ error: 'expected a stage id (string)' })
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, { error: 'expected a stage id: a letter or _ then letters, digits, _ - or .' })
  .refine((id) => !FORBIDDEN_SPEC_KEYS.includes(id), { error: `expected a stage id other than ${FORBIDDEN_SPEC_KEYS.join(', ')} (ids become keys of the results)` });

/** A reference to another stage, checked against the graph after the schema. */
const ref = () => z.string({ error: 'expected the id of another stage (string)' }).min(1, { error: 'expected a stage id' });

/** One plain path segment: a letter, digit or _ first, then letters, digits, _ - or . (no `.`, `..`, hidden files). */
const PLAIN = '[A-Za-z0-9_][A-Za-z0-9_.-]*';

/** A file inside the output folder: plain names, optionally in plain subfolders (`plots/a.svg`). */
const outFile = z
  .string({ error: 'expected a file name (string)' })
  .max(LIMIT.nameLength, { error: `expected a file name of at most ${LIMIT.nameLength} characters (the limit)` })
  .regex(new RegExp(`^${PLAIN}(/${PLAIN}){0,3}$`), {
    error: 'expected a plain file name inside the output folder: letters, digits, _ - . (not first), optionally in subfolders "plots/a.svg"; no "/" first, no "." or ".." segments',
  });

const vector = () => atMost(finite(), LIMIT.width, 'expected an array of numbers').min(1, { error: 'expected at least one number' });
const timeList = (error: string) => atMost(finite(), LIMIT.points, error).min(2, { error: 'expected at least 2 times' });

const times = z.union(
  [
    timeList('expected an array of numbers'),
    z.strictObject({ start: finite(), end: finite(), points: count(2, LIMIT.points) }),
  ],
  { error: 'expected an array of times or { start, end, points }' },
);

const spiral = z.strictObject({
  id: stageId,
  kind: z.literal('spiral'),
  points: count(2, LIMIT.points),
  tEnd: positive(),
  y0: z.array(finite()).length(2, { error: 'expected 2 numbers' }).optional(),
  matrix: z
    .array(z.array(finite()).length(2, { error: 'expected a row of 2 numbers' }), { error: 'expected a 2×2 matrix' })
    .length(2, { error: 'expected 2 rows' })
    .optional(),
});

const pendulum = z.strictObject({
  id: stageId,
  kind: z.literal('pendulum'),
  points: count(2, LIMIT.points),
  tEnd: positive(),
  damping: finite().min(0, { error: 'expected a damping ≥ 0' }).optional(),
  stiffness: positive().optional(),
  y0: z.array(finite()).length(2, { error: 'expected 2 numbers [θ, θ\']' }).optional(),
});

const array = z.strictObject({
  id: stageId,
  kind: z.literal('array'),
  ts: timeList('expected an array of times'),
  ys: atMost(vector(), LIMIT.points, 'expected an array of state rows').min(2, { error: 'expected at least 2 rows' }),
});

const csv = z.strictObject({
  id: stageId,
  kind: z.literal('csv'),
  path: z.string({ error: 'expected a file path (string)' }).min(1, { error: 'expected a file path' }),
  timeColumn: z.string().min(1).optional(),
  columns: z.array(z.string().min(1)).min(1, { error: 'expected at least one column' }).optional(),
});

const block = z.strictObject({
  id: stageId,
  kind: z.literal('block'),
  block: z.looseObject(
    { kind: name('block kind') },
    { error: 'expected a block spec object { "kind": ..., ... }' },
  ),
  seed: seed().optional(),
});

const options = () => z.record(z.string(), z.unknown(), { error: 'expected an object of options' });

const ode = z.strictObject({
  id: stageId,
  kind: z.literal('ode'),
  dynamics: ref(),
  data: ref().optional(),
  y0: vector().optional(),
  times: times.optional(),
  solver: name('solver').optional(),
  rtol: positive().optional(),
  atol: positive().optional(),
  sensitivity: name('sensitivity').optional(),
  options: options().optional(),
  sensitivityOptions: options().optional(),
});

const loss = z.strictObject({
  id: stageId,
  kind: z.literal('loss'),
  loss: z.enum(['mse', 'mae'], { error: 'expected "mse" or "mae"' }).optional(),
  prediction: ref(),
  target: ref(),
});

const train = z.strictObject({
  id: stageId,
  kind: z.literal('train'),
  loss: ref(),
  // any registered kind: checked against the container's optimizer registry with the other names
  optimizer: name('optimizer').optional(),
  learningRate: positive().optional(),
  iterations: count(0, LIMIT.iterations),
  batchSize: count(1, LIMIT.batchSize).optional(),
  batchLength: count(2, LIMIT.points).optional(),
  evalEvery: count(1).optional(),
});

const metric = z.strictObject({
  id: stageId,
  kind: z.literal('metric'),
  metric: z.enum(['mae', 'mse', 'rmse', 'max-abs'], { error: 'expected "mae", "mse", "rmse" or "max-abs"' }),
  prediction: ref(),
  target: ref(),
});

const json = z.strictObject({
  id: stageId,
  kind: z.literal('json'),
  file: outFile,
  inputs: z.array(ref()).optional(),
});

const svg = z.strictObject({
  id: stageId,
  kind: z.literal('svg'),
  file: outFile,
  inputs: z.array(ref()).min(1, { error: 'expected at least one data stage to plot' }),
  title: z.string().optional(),
});

const checkpoint = z.strictObject({
  id: stageId,
  kind: z.literal('checkpoint'),
  file: outFile,
  block: ref(),
});

const stageSchemas = [spiral, pendulum, array, csv, block, ode, loss, train, metric, json, svg, checkpoint] as const;

/** Every stage kind, in the order the docs list them. */
export const STAGE_KINDS: readonly StageKind[] = stageSchemas.map((s) => s.shape.kind.value);

/** Schema of one stage, selected by its `kind`. */
export const stageSchema: z.ZodType<StageSpec> = z.discriminatedUnion('kind', stageSchemas);

const names = (what: string) => atMost(name(what), LIMIT.runs, `expected an array of ${what} names`).min(1, { error: `expected at least one ${what} name` });

/** Schema of the experiment defaults. */
export const experimentDefaultsSchema: z.ZodType<ExperimentDefaultsSpec> = z.strictObject({
  backend: name('backend').optional(),
  solver: name('solver').optional(),
  sensitivity: name('sensitivity').optional(),
  seeds: atMost(seed(), LIMIT.runs, 'expected an array of seeds').min(1, { error: 'expected at least one seed' }).optional(),
  iterations: count(0, LIMIT.iterations).optional(),
  sweep: z
    .strictObject({
      backend: names('backend').optional(),
      solver: names('solver').optional(),
      sensitivity: names('sensitivity').optional(),
    })
    .optional(),
});

/** Schema of the memory-comparison setup. */
export const compareMemorySchema: z.ZodType<CompareMemorySpec> = z.strictObject({
  ode: ref(),
  methods: names('sensitivity').optional(),
  horizons: atMost(positive(), LIMIT.horizons, 'expected an array of horizons').min(1, { error: 'expected at least one horizon' }),
});

/**
 * The zod schema of a {@link PipelineSpec}. Objects are strict (an unknown key — a typo — is an error);
 * references between stages are checked afterwards by {@link validatePipeline}.
 */
export const pipelineSchema: z.ZodType<PipelineSpec> = z.strictObject({
  version: z.literal(1, { error: 'expected version 1' }),
  name: z
    .string({ error: 'expected a pipeline name (string)' })
    .min(1, { error: 'expected a non-empty name' })
    .max(LIMIT.nameLength, { error: `expected a name of at most ${LIMIT.nameLength} characters (the limit)` })
    .regex(new RegExp(`^${PLAIN}$`), { error: 'expected a plain name (it names the output folder): letters, digits, _ - . (not first), no "/"' }),
  description: z.string().optional(),
  seed: seed().optional(),
  stages: atMost(stageSchema, LIMIT.stages, 'expected an array of stages').min(1, { error: 'expected at least one stage' }),
  experiment: experimentDefaultsSchema.optional(),
  compareMemory: compareMemorySchema.optional(),
});
