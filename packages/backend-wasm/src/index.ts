/**
 * The `wasm` backend of odeflow: tfjs's WebAssembly kernels (SIMD) behind the same op code as `tfjs`
 * (`TfjsBackend` from `@odeflow/backend-tfjs`, parametrised by kernel name).
 *
 * tfjs has one active kernel set per process. Each odeflow backend makes its own active before every op,
 * so `tfjs` and `wasm` may be used in one process (tensors are moved between them by tfjs when mixed, at a
 * cost); keep one per process when speed matters.
 *
 * Neural blocks run as fused kernels on it (`tfjsFusedMlpRealisation` of `@odeflow/backend-tfjs`, registered for `wasm` in
 * `@odeflow/blocks`' realisation registry): one tfjs dispatch per f and one per VJP, whose bodies are odeflow's own WebAssembly
 * MLP kernels (`WasmMlpProgram` from `@odeflow/blocks`).
 * @packageDocumentation
 */
import '@tensorflow/tfjs-backend-wasm';

export * from './create-wasm-backend.js';
export * from './wasm-features.js';
export * from './register-wasm-mat-mul-gradient.js';
export * from './wasm-backend-factory.js';
export * from './wasm-module.js';
export * from './wasm-fused-kernel-io.js';
