import { createTfjsBackend } from '@odeflow/backend-tfjs';
import { backendConformance } from '../../core/test/backend-conformance.js';

backendConformance({ name: 'tfjs', dtype: 'float32', create: () => createTfjsBackend() });
