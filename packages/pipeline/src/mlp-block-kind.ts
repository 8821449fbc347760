import { OdeflowError, type TensorBackend } from '@odeflow/core';
import { realiseBlock, validateBlockSpec, type MlpBlockSpec } from '@odeflow/blocks';
import type { BlockKind, RealisedBlockKind } from './block-kind.js';
import { invalidSpecError, shortJson, type SpecIssue } from './spec-issue.js';
import { mlpSizeIssues } from './spec-size-issues.js';

/**
 * The `mlp` block kind: core's `MlpBlockSpec`, realised with `realiseBlock` (fused WebAssembly kernels on
 * every backend; see realiseBlock). The run's seed replaces `init.seed`, so each seed of an experiment draws its own
 * initial weights.
 */
export const mlpBlockKind: BlockKind = {
  kind: 'mlp',
  description: 'multilayer perceptron f(t, y) with seeded initialisers (core realiseBlock)',
  check(spec: Readonly<Record<string, unknown>>, path: string): SpecIssue[] {
    // sizes first: blocks allocate its weights from them
    const sizes = mlpSizeIssues(spec, path);
    if (sizes.length > 0) return sizes;
    // core's validation stops at the first problem: report it at its spec path, before anything runs
    try {
      const r = validateBlockSpec(spec, path);
      const last = r.widths.length - 1;
      if (r.widths[last] !== r.inputSize) {
        return [
          {
            path: `${path}.widths[${last}]`,
            expected: `the output width to equal inputSize (${r.inputSize}): the block maps the state to its derivative`,
            received: String(r.widths[last]),
          },
        ];
      }
      return [];
    } catch (e) {
      if (!(e instanceof OdeflowError && e.code === 'INVALID_SPEC')) throw e;
      const d = e.details ?? {};
      const issue: SpecIssue = { path: typeof d.path === 'string' ? d.path : path, expected: String(d.expected ?? e.message) };
      return [d.received === undefined ? issue : { ...issue, received: shortJson(d.received) ?? String(d.received) }];
    }
  },
  realise<T>(spec: Readonly<Record<string, unknown>>, backend: TensorBackend<T>, seed: number, path: string): RealisedBlockKind<T> {
    const sizes = mlpSizeIssues(spec, path);
    if (sizes.length > 0) throw invalidSpecError(sizes);
    validateBlockSpec(spec, path);
    const init = (spec.init ?? {}) as Record<string, unknown>;
    const seeded = { ...spec, init: { ...init, seed } } as unknown as MlpBlockSpec;
    try {
      const r = realiseBlock(seeded, backend);
      return { dynamics: r.dynamics, params: r.params, paramNames: r.paramNames };
    } catch (e) {
      if (e instanceof OdeflowError && e.code === 'INVALID_SPEC' && typeof e.details?.path === 'string' && e.details.path.startsWith('block')) {
        const at = path + (e.details.path as string).slice('block'.length);
        throw new OdeflowError('INVALID_SPEC', `${at}: ${e.message.replace(/^\[INVALID_SPEC\] [^:]*: /, '')}`, { ...e.details, path: at });
      }
      throw e;
    }
  },
};
