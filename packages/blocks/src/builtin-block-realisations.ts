import { JsBackend } from '@odeflow/core';
import { BackendMlpDynamics } from './backend-mlp-dynamics.js';
import type { BlockRealisationEntry } from './block-realisation-registry.js';
import { jsFusedMlpRealisation } from './js-fused-mlp-realisation.js';
import { JsMlpDynamics } from './js-mlp-dynamics.js';

/** The js backend's hand-written Float64Array realisation of MLP blocks ({@link JsMlpDynamics}). */
export const jsTypedArrayMlpRealisation: BlockRealisationEntry = {
  kind: 'mlp',
  backend: 'js',
  realisation: 'typed-array',
  description: 'hand-written Float64Array forward pass and VJP',
  available: (backend) => backend instanceof JsBackend,
  create: (spec, _layout, backend) => new JsMlpDynamics(spec, backend as JsBackend),
};

/** MLP blocks written in TensorBackend ops, for every backend ({@link BackendMlpDynamics}). */
export const backendOpsMlpRealisation: BlockRealisationEntry = {
  kind: 'mlp',
  backend: '*',
  realisation: 'backend-ops',
  description: "TensorBackend ops (matMul, add, activations), VJP written out in ops or by the backend's autodiff",
  create: (spec, _layout, backend, options) => new BackendMlpDynamics(spec, backend, options.vjp),
};

/** The realisations @odeflow/blocks registers itself, in the default registry from the start. */
export const BUILTIN_BLOCK_REALISATIONS: readonly BlockRealisationEntry[] = [jsFusedMlpRealisation, jsTypedArrayMlpRealisation, backendOpsMlpRealisation];
