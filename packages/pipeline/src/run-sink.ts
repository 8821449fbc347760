import { join } from 'node:path';
import type { TensorBackend } from '@odeflow/core';
import { saveParams } from '@odeflow/train/node';
import type { RealisedBlockKind } from './block-kind.js';
import type { Dataset } from './data-sources.js';
import type { PipelineRunResult } from './pipeline-run-result.js';
import type { StageSpec } from './pipeline-spec.js';
import { plotTrajectoriesSvg } from './svg-plot.js';
import { ensureOutputFolder, writeOutput } from './write-output.js';

/** What a sink reads: the run's result, trajectories by stage id, realised blocks, the backend. */
export interface SinkContext {
  readonly result: PipelineRunResult;
  readonly trajectory: (id: string) => Dataset;
  readonly blocks: Map<string, RealisedBlockKind<unknown>>;
  readonly backend: TensorBackend<unknown>;
  readonly stage: (id: string) => StageSpec;
}

/** Run one sink stage (json, svg, checkpoint) into `outDir`; returns the file written, if any. */
export async function runSink(s: StageSpec, outDir: string, c: SinkContext): Promise<string | undefined> {
  if (s.kind === 'json') {
    const file = join(outDir, s.file);
    const inputs = s.inputs ?? [...Object.keys(c.result.metrics), ...Object.keys(c.result.training)];
    const picked: Record<string, unknown> = {};
    for (const id of inputs) {
      const st = c.stage(id);
      if (st.kind === 'metric') picked[id] = c.result.metrics[id];
      else if (st.kind === 'train') picked[id] = c.result.training[id];
      else if (st.kind === 'ode') picked[id] = { ...c.trajectory(id), stats: c.result.odes[id] };
      else if (st.kind === 'block') picked[id] = { kind: (st.block as { kind: string }).kind };
      else if (st.kind === 'loss') picked[id] = { loss: st.loss ?? 'mae', prediction: st.prediction, target: st.target };
      else picked[id] = c.trajectory(id);
    }
    const { files: _files, ...summary } = c.result;
    await writeOutput(file, JSON.stringify({ ...summary, results: picked }, null, 2) + '\n');
    return file;
  }
  if (s.kind === 'svg') {
    const file = join(outDir, s.file);
    const series = s.inputs.map((id) => ({ label: id, ...c.trajectory(id) }));
    await writeOutput(file, plotTrajectoriesSvg(series, s.title ?? `${c.result.pipeline}: ${s.inputs.join(' vs ')}`));
    return file;
  }
  if (s.kind === 'checkpoint') {
    const file = join(outDir, s.file);
    const blk = c.blocks.get(s.block)!;
    await ensureOutputFolder(file);
    await saveParams(file, blk.params, c.backend, {
      ...(blk.paramNames ? { names: blk.paramNames } : {}),
      meta: { pipeline: c.result.pipeline, block: s.block, seed: c.result.seed, spec: (c.stage(s.block) as { block: unknown }).block },
    });
    return file;
  }
  return undefined;
}
