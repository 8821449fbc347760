/**
 * Neural blocks of odeflow: block specs (plain data) and their validation, seeded initialisers, and the
 * realisations that turn a spec into dynamics on a backend — hand-written typed-array kernels and
 * odeflow's WebAssembly kernels (with their AssemblyScript source) on `js`, backend ops anywhere — chosen
 * by `realiseBlock` from a registry keyed by (block kind, backend name). Activations are one table of data
 * ({@link ACTIVATIONS}) every realisation reads.
 * @packageDocumentation
 */
export * from './block-spec.js';
export * from './block-limits.js';
export * from './activations.js';
export * from './input-transforms.js';
export * from './validate-block-spec.js';
export * from './seeded-random.js';
export * from './mlp-layout.js';
export * from './param-shape-error.js';
export * from './check-finite-params.js';
export * from './initialise-block-params.js';
export * from './fast-tanh.js';
export * from './js-mlp-dynamics.js';
export * from './backend-mlp-dynamics.js';
export * from './mlp-kernels-binary.js';
export * from './mlp-kernel-module.js';
export * from './wasm-mlp-plan.js';
export * from './wasm-mlp-copy.js';
export * from './wasm-mlp-program.js';
export * from './js-wasm-mlp-dynamics.js';
export * from './block-realisation-registry.js';
export * from './js-fused-mlp-realisation.js';
export * from './builtin-block-realisations.js';
export * from './default-block-realisations.js';
export * from './blocks-module.js';
export * from './realise-block.js';
export * from './block-realisation-calibration.js';

export * from './metered-wasm-mlp-program.js';
