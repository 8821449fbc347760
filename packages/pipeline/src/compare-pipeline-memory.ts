import { join } from 'node:path';
import { compareSensitivities, toMarkdown, toSvg, type ComparisonTable } from '@odeflow/adjoint';
import { OdeflowError, resolveNamed, TOKENS, type Sensitivity, type TensorBackend } from '@odeflow/core';
import { DEFAULT_SOLVER } from '@odeflow/solvers';
import { writeOutput } from './write-output.js';
import type { BlockKind } from './block-kind.js';
import { loadDataSource, type SourceStageSpec } from './data-sources.js';
import { Pipeline } from './pipeline.js';
import type { OdeStageSpec, PipelineSpec } from './pipeline-spec.js';
import type { RunPipelineOptions } from './pipeline-run-result.js';
import { createPipelineContainer } from './run-pipeline.js';
import { validatePipeline } from './validate-pipeline.js';

/** Overrides of the spec's `compareMemory` section. */
export interface CompareMemoryChoices {
  /** Backend name (default: the spec's experiment backend, else `js`). */
  readonly backend?: string;
  /** Solver name (default: the ODE stage's, else `dopri5`). */
  readonly solver?: string;
  /** Sensitivity names (default: the spec's, else direct, adjoint, checkpointed). */
  readonly methods?: readonly string[];
  /** Integration lengths (default: the spec's). */
  readonly horizons?: readonly number[];
  /** Seed of the block's weights (default: the spec's seed, else 0). */
  readonly seed?: number;
  /** Runs per method and horizon; wall time is their median (default 1). */
  readonly repeats?: number;
}

/** The memory comparison and its renderings. */
export interface MemoryComparisonResult {
  /** The table: one row per horizon and method. */
  readonly table: ComparisonTable;
  /** The table as Markdown. */
  readonly markdown: string;
  /** Peak memory against integration length as SVG. */
  readonly svg: string;
  /** Files written (absolute paths), when an output folder was given. */
  readonly files: string[];
}

/**
 * `odeflow compare-memory`: run the spec's ODE stage (its block with seeded weights, its y0, solver and
 * tolerances) with each sensitivity over growing integration lengths [t0, t0 + horizon] — the same number of
 * output times as the stage has — on the loss L = Σᵢ ½‖y(tᵢ)‖² / N, and tabulate peak bytes, evaluations,
 * wall time and gradient differences. With `outDir`, writes memory.json, memory.md and memory.svg atomically.
 */
export async function comparePipelineMemory(
  pipeline: Pipeline | PipelineSpec,
  choices: CompareMemoryChoices = {},
  options: RunPipelineOptions = {},
): Promise<MemoryComparisonResult> {
  const container = options.container ?? createPipelineContainer(options.modules);
  const spec = validatePipeline(pipeline instanceof Pipeline ? pipeline.spec : pipeline, { container });
  const setup = spec.compareMemory;
  const odeId = setup?.ode ?? spec.stages.find((s) => s.kind === 'ode')?.id;
  const horizons = choices.horizons ?? setup?.horizons;
  if (odeId === undefined || horizons === undefined) {
    throw new OdeflowError('INVALID_SPEC', `compareMemory: expected a "compareMemory": { "ode": <ode stage id>, "horizons": [...] } section (or horizons given on the command line) in pipeline "${spec.name}".`, { path: 'compareMemory' });
  }
  const index = spec.stages.findIndex((s) => s.id === odeId);
  const ode = spec.stages[index] as OdeStageSpec;
  const methodNames = choices.methods ?? setup?.methods ?? ['direct', 'adjoint', 'checkpointed'];
  const methods: Sensitivity[] = methodNames.map((n) => resolveNamed(container, TOKENS.Sensitivity, n, 'sensitivity'));
  const solver = resolveNamed(container, TOKENS.Solver, choices.solver ?? spec.experiment?.solver ?? ode.solver ?? DEFAULT_SOLVER, 'solver');
  const backend = (await resolveNamed(container, TOKENS.Backend, choices.backend ?? spec.experiment?.backend ?? 'js', 'backend').create()) as TensorBackend<unknown>;

  // y0 and the number of output times, as the ODE stage would run.
  let y0 = ode.y0 ? [...ode.y0] : undefined;
  let t0 = 0;
  let points: number;
  if (ode.times !== undefined) {
    const t = ode.times as number[] | { start: number; points: number };
    points = Array.isArray(t) ? t.length : t.points;
    t0 = Array.isArray(t) ? t[0]! : t.start;
  } else points = 0;
  if (ode.data !== undefined && (y0 === undefined || ode.times === undefined)) {
    const src = spec.stages.find((s) => s.id === ode.data)!;
    if (src.kind === 'ode') throw new OdeflowError('INVALID_SPEC', `stages[${index}].data: compare-memory needs the ODE stage's data to be a source (or y0 and times given).`, { path: `stages[${index}].data` });
    const d = await loadDataSource(src as SourceStageSpec, spec.stages.indexOf(src), { baseDir: options.baseDir, allowRead: options.allowRead, container });
    y0 ??= [...d.ys[0]!];
    if (ode.times === undefined) {
      points = d.ts.length;
      t0 = d.ts[0]!;
    }
  }
  const blockStage = spec.stages.find((s) => s.id === ode.dynamics)!;
  if (blockStage.kind !== 'block') throw new OdeflowError('INVALID_SPEC', `stages[${index}].dynamics: expected a block stage.`);
  const kind = resolveNamed(container, TOKENS.BlockKind, blockStage.block.kind, 'block kind') as BlockKind;
  const seed = choices.seed ?? spec.seed ?? 0;
  const forward = { ...(ode.options ?? {}), ...(ode.rtol !== undefined ? { rtol: ode.rtol } : {}), ...(ode.atol !== undefined ? { atol: ode.atol } : {}) };
  const resolveSolver = (n: string) => resolveNamed(container, TOKENS.Solver, n, 'solver');

  const table = compareSensitivities<unknown>(
    (horizon) => {
      const block = kind.realise(blockStage.block, backend, blockStage.seed ?? seed, `stages[${spec.stages.indexOf(blockStage)}].block`);
      const y = backend.fromArray(y0!);
      const ts = Array.from({ length: points }, (_, k) => t0 + (horizon * k) / (points - 1));
      return {
        problem: { dynamics: block.dynamics, y0: y, ts, params: block.params },
        context: { backend, solver, options: forward, resolveSolver },
        cotangents: (sol) => sol.ys.map((v) => backend.fromArray(backend.toFloat64Array(v).map((x) => x / sol.ys.length), backend.shape(v))),
        dispose: () => backend.dispose([y, ...block.params]),
      };
    },
    { methods: methods.map((m, k) => ({ label: methodNames[k]!, sensitivity: m })), horizons, ...(choices.repeats ? { repeats: choices.repeats } : {}) },
  );
  const markdown = `# ${spec.name}: memory of ${methodNames.join(', ')} on ${backend.name} (${solver.name})\n\n${toMarkdown(table)}`;
  const svg = toSvg(table);
  const files: string[] = [];
  if (options.outDir !== undefined) {
    const write = async (name: string, text: string) => {
      const f = join(options.outDir!, name);
      await writeOutput(f, text);
      files.push(f);
    };
    await write('memory.json', JSON.stringify({ pipeline: spec.name, backend: backend.name, solver: solver.name, ...table }, null, 2) + '\n');
    await write('memory.md', markdown);
    await write('memory.svg', svg);
  }
  return { table, markdown, svg, files };
}
