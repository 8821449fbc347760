import { OdeflowError, type Dynamics, type TensorBackend } from '@odeflow/core';
import type { BackendVjpMode } from './backend-mlp-dynamics.js';
import type { BlockRealisationEntry, ChosenBlockRealisation } from './block-realisation-registry.js';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import { defaultBlockRealisations as registry } from './default-block-realisations.js';
import { cachedBlockRealisation, calibrateBlockRealisations, type CalibrationCandidate } from './block-realisation-calibration.js';
import { mlpLayout, type MlpLayout } from './mlp-layout.js';
import { wasmMlpPlan } from './wasm-mlp-plan.js';

/**
 * What `auto` considers, in order of preference (which breaks ties of measured cost): the fused kernels unless a
 * backend VJP mode was asked for (theirs is their own).
 */
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
  const order = vjp !== undefined && vjp !== 'auto' ? AUTO_ORDER_BACKEND_VJP : AUTO_ORDER;
  const chosen = chooseByCost(spec, layout, backend, order, options);
  if (chosen !== undefined) return chosen;
  throw new OdeflowError('UNSUPPORTED', `realiseBlock: no realisation of '${spec.kind}' blocks is registered for backend '${backend.name}'.`);
}

/**
 * `auto`: the first realisation in order of preference that accepts the spec; when its entry asks for it
 * (`measureAgainstBackendOps`) and the backend also offers `backend-ops`, the two are timed once per (backend name, candidates, architecture)
 * and the cheaper kept (see `calibrateBlockRealisations`), so that no backend runs a block slower than its own
 * op-by-op path. The choice is cached for the process.
 */
function chooseByCost<T>(
  spec: ResolvedMlpBlockSpec,
  layout: MlpLayout,
  backend: TensorBackend<T>,
  order: readonly ChosenBlockRealisation[],
  options: { vjp: BackendVjpMode },
): { realisation: ChosenBlockRealisation; dynamics: Dynamics<T> } | undefined {
  const b = backend as TensorBackend<unknown>;
  const entries = order.map((r) => registry.get(spec.kind, backend.name, r)).filter((e): e is BlockRealisationEntry => offered(e, b));
  let preferred: CalibrationCandidate<T> | undefined;
  let measured = false;
  for (const e of entries) {
    const dynamics = e.create(spec, layout, backend, options) as Dynamics<T> | undefined;
    if (dynamics !== undefined) {
      preferred = { realisation: e.realisation, dynamics };
      measured = e.measureAgainstBackendOps === true;
      break;
    }
  }
  const ops = entries.find((e) => e.realisation === 'backend-ops');
  if (preferred === undefined || !measured || preferred.realisation === 'backend-ops' || ops === undefined) return preferred;
  const key = [backend.name, registry.version, options.vjp, preferred.realisation, JSON.stringify(wasmMlpPlan(spec, layout))].join('|');
  const cached = cachedBlockRealisation(key);
  if (cached === preferred.realisation) return preferred;
  const opsDynamics = ops.create(spec, layout, backend, options) as Dynamics<T> | undefined;
  // an op-by-op realisation without a VJP (relu on a backend without autodiff) is no substitute
  if (opsDynamics === undefined || (preferred.dynamics.vjp !== undefined && opsDynamics.vjp === undefined)) return preferred;
  const candidate = { realisation: ops.realisation, dynamics: opsDynamics };
  if (cached === ops.realisation) return candidate;
  return calibrateBlockRealisations(key, spec, layout, backend, [preferred, candidate]);
}
