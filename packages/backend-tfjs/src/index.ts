/**
 * The `tfjs` backend of odeflow: TensorFlow.js tensors (float32, cpu kernels) with VJPs through tfjs's
 * gradient tape, usable under plain Node (the gradient registry is filled by a prebundled module).
 * `TfjsBackend` is parametrised by the tfjs kernels it runs on; `@odeflow/backend-wasm` reuses it.
 * @packageDocumentation
 */
export * from './tfjs-backend.js';
export * from './tfjs-autodiff.js';
export * from './transposing-mat-mul.js';
export * from './create-tfjs-backend.js';
export * from './tfjs-backend-factory.js';
export * from './tfjs-module.js';
