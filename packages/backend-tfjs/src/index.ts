/**
 * The `tfjs` backend of odeflow: TensorFlow.js tensors (float32, cpu kernels) with VJPs through tfjs's
 * gradient tape, usable under plain Node (the gradient registry is filled by a prebundled module).
 * `TfjsBackend` is parametrised by the tfjs kernels it runs on; `@odeflow/backend-wasm` reuses it. Neural
 * blocks run as fused kernels (`tfjsFusedMlpRealisation`, registered in @odeflow/blocks' realisation registry:
 * one tfjs dispatch per f and per VJP, whose body is odeflow's WebAssembly MLP code from @odeflow/blocks).
 * @packageDocumentation
 */
export * from './tfjs-backend.js';
export * from './tfjs-autodiff.js';
export * from './transposing-mat-mul.js';
export * from './create-tfjs-backend.js';
export * from './check-backend-options.js';
export * from './tfjs-backend-factory.js';
export * from './tfjs-module.js';
export * from './fused-kernel-io.js';
export * from './fused-mlp-kernel-names.js';
export * from './fused-mlp-programs.js';
export * from './fused-mlp-kernels.js';
export * from './shared-fused-mlp-kernels.js';
export * from './tfjs-fused-mlp-dynamics.js';
export * from './tfjs-fused-mlp-realisation.js';
export * from './require-gradients.js';
