// The training API as tests see it. The facade re-exports it from 'odeflow' (packages/odeflow/src/index.ts,
// owned by the facade's engineer); once that export line exists this file imports from 'odeflow' instead.
export * from '@odeflow/core';
export * from '../src/training/index.js';
