import { Pipeline } from './pipeline.js';
import type {
  ArraySourceSpec,
  BlockStageSpec,
  CheckpointSinkSpec,
  CompareMemorySpec,
  CsvSourceSpec,
  ExperimentDefaultsSpec,
  JsonSinkSpec,
  LossStageSpec,
  MetricStageSpec,
  OdeStageSpec,
  PendulumSourceSpec,
  PipelineSpec,
  SpiralSourceSpec,
  StageSpec,
  SvgSinkSpec,
  TrainStageSpec,
} from './pipeline-spec.js';
import type { StageCategory } from './stage-graph.js';

/** Ids declared so far in a builder, mapped to their stage category. */
export type StageRegistry = Record<string, StageCategory>;

/** The ids of `S` whose category is one of `C`: the only ids a field of that category accepts. */
export type IdsOf<S extends StageRegistry, C extends StageCategory> = {
  [K in keyof S]: S[K] extends C ? K : never;
}[keyof S] &
  string;

/** `Id` when it is not declared yet; `never` otherwise, so a duplicate id is a compile error. */
export type FreshId<Id extends string, S extends StageRegistry> = Id extends keyof S ? never : Id;

/** Categories whose stages produce a trajectory another stage can read: sources and ODE stages. */
export type DataCategory = 'data' | 'ode';

/** The fields of a stage spec that a builder method takes (everything but `id` and `kind`). */
export type StageFields<T extends StageSpec> = Omit<T, 'id' | 'kind'>;

/**
 * Fluent, fully typed builder of a {@link PipelineSpec}. Every method returns a new builder that knows the ids
 * declared so far and their categories, so referencing an undeclared id, or an id of the wrong kind (a loss
 * as an ODE's dynamics), or declaring an id twice, is a TypeScript error. `build()` validates and returns a
 * {@link Pipeline} equal to the one `Pipeline.fromJSON` reads from the same JSON.
 *
 * @example
 * const p = pipeline('spiral')
 *   .spiral('data', { points: 1000, tEnd: 25 })
 *   .block('f', { kind: 'mlp', sizes: [2, 50, 2], activation: 'tanh' })
 *   .ode('model', { dynamics: 'f', data: 'data', solver: 'dopri5' })
 *   .build();
 */
export class PipelineBuilder<S extends StageRegistry = {}> {
  private readonly doc: { -readonly [K in keyof PipelineSpec]: PipelineSpec[K] };

  /** @param doc - the spec so far (use {@link pipeline} instead) */
  constructor(doc: PipelineSpec) {
    this.doc = { ...doc };
  }

  private with<S2 extends StageRegistry>(stage: StageSpec): PipelineBuilder<S2> {
    return new PipelineBuilder<S2>({ ...this.doc, stages: [...this.doc.stages, clean(stage)] });
  }

  private set(patch: Partial<PipelineSpec>): PipelineBuilder<S> {
    return new PipelineBuilder<S>(clean({ ...this.doc, ...patch }));
  }

  /** Set the description. */
  description(text: string): PipelineBuilder<S> {
    return this.set({ description: text });
  }

  /** Set the default seed. */
  seed(seed: number): PipelineBuilder<S> {
    return this.set({ seed });
  }

  /** Add the spiral generator. */
  spiral<Id extends string>(id: FreshId<Id, S>, fields: StageFields<SpiralSourceSpec>): PipelineBuilder<S & Record<Id, 'data'>> {
    return this.with({ id, kind: 'spiral', ...fields });
  }

  /** Add the pendulum generator. */
  pendulum<Id extends string>(id: FreshId<Id, S>, fields: StageFields<PendulumSourceSpec>): PipelineBuilder<S & Record<Id, 'data'>> {
    return this.with({ id, kind: 'pendulum', ...fields });
  }

  /** Add inline data. */
  array<Id extends string>(id: FreshId<Id, S>, fields: StageFields<ArraySourceSpec>): PipelineBuilder<S & Record<Id, 'data'>> {
    return this.with({ id, kind: 'array', ...fields });
  }

  /** Add data read from a CSV file. */
  csv<Id extends string>(id: FreshId<Id, S>, fields: StageFields<CsvSourceSpec>): PipelineBuilder<S & Record<Id, 'data'>> {
    return this.with({ id, kind: 'csv', ...fields });
  }

  /** Add a neural block (its spec as data; `seed` optional). */
  block<Id extends string>(id: FreshId<Id, S>, block: BlockStageSpec['block'], seed?: number): PipelineBuilder<S & Record<Id, 'block'>> {
    return this.with({ id, kind: 'block', block, ...(seed !== undefined ? { seed } : {}) });
  }

  /** Add an ODE stage whose dynamics is a declared block and whose data (optional) a declared data stage. */
  ode<Id extends string>(
    id: FreshId<Id, S>,
    fields: Omit<StageFields<OdeStageSpec>, 'dynamics' | 'data'> & { dynamics: IdsOf<S, 'block'>; data?: IdsOf<S, DataCategory> },
  ): PipelineBuilder<S & Record<Id, 'ode'>> {
    return this.with({ id, kind: 'ode', ...fields });
  }

  /** Add a loss between a declared ODE stage and a declared data stage. */
  loss<Id extends string>(
    id: FreshId<Id, S>,
    fields: Omit<StageFields<LossStageSpec>, 'prediction' | 'target'> & { prediction: IdsOf<S, 'ode'>; target: IdsOf<S, DataCategory> },
  ): PipelineBuilder<S & Record<Id, 'loss'>> {
    return this.with({ id, kind: 'loss', ...fields });
  }

  /** Add training of the blocks behind a declared loss. */
  train<Id extends string>(
    id: FreshId<Id, S>,
    fields: Omit<StageFields<TrainStageSpec>, 'loss'> & { loss: IdsOf<S, 'loss'> },
  ): PipelineBuilder<S & Record<Id, 'train'>> {
    return this.with({ id, kind: 'train', ...fields });
  }

  /** Add a metric of a declared ODE stage against a declared data stage. */
  metric<Id extends string>(
    id: FreshId<Id, S>,
    fields: Omit<StageFields<MetricStageSpec>, 'prediction' | 'target'> & { prediction: IdsOf<S, 'ode'>; target: IdsOf<S, DataCategory> },
  ): PipelineBuilder<S & Record<Id, 'metric'>> {
    return this.with({ id, kind: 'metric', ...fields });
  }

  /** Add a JSON results sink over declared stages. */
  json<Id extends string>(
    id: FreshId<Id, S>,
    fields: Omit<StageFields<JsonSinkSpec>, 'inputs'> & { inputs?: readonly IdsOf<S, Exclude<StageCategory, 'sink'>>[] },
  ): PipelineBuilder<S & Record<Id, 'sink'>> {
    return this.with({ id, kind: 'json', ...fields });
  }

  /** Add an SVG plot of declared data stages. */
  svg<Id extends string>(
    id: FreshId<Id, S>,
    fields: Omit<StageFields<SvgSinkSpec>, 'inputs'> & { inputs: readonly IdsOf<S, DataCategory>[] },
  ): PipelineBuilder<S & Record<Id, 'sink'>> {
    return this.with({ id, kind: 'svg', ...fields });
  }

  /** Add a parameter checkpoint of a declared block. */
  checkpoint<Id extends string>(
    id: FreshId<Id, S>,
    fields: Omit<StageFields<CheckpointSinkSpec>, 'block'> & { block: IdsOf<S, 'block'> },
  ): PipelineBuilder<S & Record<Id, 'sink'>> {
    return this.with({ id, kind: 'checkpoint', ...fields });
  }

  /** Set the experiment defaults (backend, solver, sensitivity, seeds, iterations, sweep). */
  experiment(defaults: ExperimentDefaultsSpec): PipelineBuilder<S> {
    return this.set({ experiment: defaults });
  }

  /** Set up the memory comparison on a declared ODE stage. */
  compareMemory(setup: Omit<CompareMemorySpec, 'ode'> & { ode: IdsOf<S, 'ode'> }): PipelineBuilder<S> {
    return this.set({ compareMemory: setup });
  }

  /** The spec so far, unvalidated (a copy). */
  toJSON(): PipelineSpec {
    return structuredClone(this.doc) as PipelineSpec;
  }

  /** Validate and return the pipeline (INVALID_SPEC on problems the types could not see, e.g. ranges). */
  build(): Pipeline {
    return new Pipeline(this.toJSON());
  }
}

/** Start a typed pipeline builder named `name`. */
export function pipeline(name: string): PipelineBuilder<{}> {
  return new PipelineBuilder<{}>({ version: 1, name, stages: [] });
}

// JSON drops undefined fields; dropping them here too keeps builder output and parsed JSON identical.
function clean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
