import { OdeflowError, type Dynamics, type TensorBackend } from '@odeflow/core';
import type { BackendVjpMode } from './backend-mlp-dynamics.js';
import type { BlockRealisationEntry, ChosenBlockRealisation } from './block-realisation-registry.js';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import { defaultBlockRealisations as registry } from './default-block-realisations.js';
import { mlpLayout } from './mlp-layout.js';

/** What `auto` tries, in order: the fused kernels unless a backend VJP mode was asked for (theirs is their own). */
const AUTO_ORDER: readonly ChosenBlockRealisation[] = ['fused-kernel', 'typed-array', 'backend-ops'];
const AUTO_ORDER_BACKEND_VJP: readonly ChosenBlockRealisation[] = ['typed-array', 'backend-ops'];

function offered(entry: BlockRealisationEntry | undefined, backend: TensorBackend<unknown>): entry is BlockRealisationEntry {
  return entry !== undefined && (entry.available === undefined || entry.available(backend));
}

function notOffered(spec: ResolvedMlpBlockSpec, backend: TensorBackend<unknown>, realisation: ChosenBlockRealisation): OdeflowError {
  if (realisation === 'fused-kernel') {
    return new OdeflowError('UNSUPPORTED', `realiseBlock: backend '${backend.name}' has no fused block kernels; use 'auto' or 'backend-ops'.`);
  }
  const serving = registry
    .list()
    .filter((e) => e.kind === spec.kind && e.realisation === realisation)
    .map((e) => e.backend);
  const where = serving.length === 0 ? 'no' : `the ${serving.join(', ')}`;
  return new OdeflowError(
    'UNSUPPORTED',
    `realiseBlock: the ${realisation} realisation runs on ${where} backend${serving.length === 1 ? '' : 's'} only, not on '${backend.name}'; use 'auto' or 'backend-ops'.`,
  );
}

/**
 * The realisation of `spec` on `backend` that `requested` asks for, from the default registry (see
 * `realiseBlock` for the rules and errors).
 * @internal
 */
export function chooseBlockRealisation<T>(
  spec: ResolvedMlpBlockSpec,
  backend: TensorBackend<T>,
  requested: 'auto' | ChosenBlockRealisation,
  vjp: BackendVjpMode | undefined,
): { realisation: ChosenBlockRealisation; dynamics: Dynamics<T> } {
  const b = backend as TensorBackend<unknown>;
  const layout = mlpLayout(spec);
  const options = { vjp: vjp ?? 'auto' };
  if (requested !== 'auto') {
    const entry = registry.get(spec.kind, backend.name, requested);
    if (!offered(entry, b)) throw notOffered(spec, b, requested);
    const dynamics = entry.create(spec, layout, backend, options);
    if (dynamics === undefined) {
      throw new OdeflowError(
        'UNSUPPORTED',
        `realiseBlock: the ${requested === 'fused-kernel' ? 'fused kernels' : `${requested} realisation`} of backend '${backend.name}' (${entry.description}) cannot run this spec; use 'auto' or 'backend-ops'.`,
      );
    }
    return { realisation: requested, dynamics };
  }
  for (const realisation of vjp !== undefined && vjp !== 'auto' ? AUTO_ORDER_BACKEND_VJP : AUTO_ORDER) {
    const entry = registry.get(spec.kind, backend.name, realisation);
    const dynamics = offered(entry, b) ? entry.create(spec, layout, backend, options) : undefined;
    if (dynamics !== undefined) return { realisation, dynamics };
  }
  throw new OdeflowError('UNSUPPORTED', `realiseBlock: no realisation of '${spec.kind}' blocks is registered for backend '${backend.name}'.`);
}
