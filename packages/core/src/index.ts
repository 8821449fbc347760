/**
 * Contracts, errors, dependency-injection tokens and the float64 `js` backend of odeflow.
 * @packageDocumentation
 */
export * from './odeflow-error.js';
export * from './tensor-backend.js';
export * from './dynamics.js';
export * from './solver.js';
export * from './step-size-controller.js';
export * from './solution.js';
export * from './solve-status-error.js';
export * from './sensitivity.js';
export * from './progress-reporter.js';
export * from './tokens.js';
export * from './named-bindings.js';
export * from './shape-size.js';
export * from './same-shape.js';
export * from './js-tensor.js';
export * from './js-backend.js';
export * from './js-backend-factory.js';
export * from './core-module.js';
export * from './blocks/block-spec.js';
export * from './blocks/validate-block-spec.js';
export * from './blocks/seeded-random.js';
export * from './blocks/mlp-layout.js';
export * from './blocks/initialise-block-params.js';
export * from './blocks/fast-tanh.js';
export * from './blocks/in-place-vjp.js';
export * from './blocks/js-mlp-dynamics.js';
export * from './blocks/backend-mlp-dynamics.js';
export * from './blocks/fused-block-kernels.js';
export * from './blocks/mlp-kernels-binary.js';
export * from './blocks/mlp-kernel-module.js';
export * from './blocks/wasm-mlp-program.js';
export * from './blocks/js-wasm-mlp-dynamics.js';
export * from './blocks/js-block-kernels.js';
export * from './blocks/realise-block.js';
export * from './autodiff-dynamics.js';
