import { JsBackend } from '@odeflow/core';
import { backendConformance } from './backend-conformance.js';

backendConformance({ name: 'js', dtype: 'float64', create: () => new JsBackend() });
