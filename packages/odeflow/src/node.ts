/**
 * `odeflow/node` — the Node-only parts of odeflow: declarative pipelines (specs, schema, builder, runner, data
 * sources, sinks, plots, the CLI's runner) and parameter files on disk. A subpath of its own so that
 * `import 'odeflow'` bundles for a browser.
 * @packageDocumentation
 * @module odeflow/node
 */
export * from '@odeflow/pipeline';
export * from '@odeflow/train/node';
