import { createWasmBackend } from '@odeflow/backend-wasm';
import { backendConformance } from '../../core/test/backend-conformance.js';

backendConformance({ name: 'wasm', dtype: 'float32', create: () => createWasmBackend() });
