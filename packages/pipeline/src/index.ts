/**
 * Declarative pipelines: the JSON spec, its schema and validation, the typed builder, experiments and
 * sweeps.
 * @packageDocumentation
 */
export * from './pipeline-spec.js';
export * from './pipeline-schema.js';
export * from './spec-issue.js';
export * from './stage-graph.js';
export * from './check-names.js';
export * from './validate-pipeline.js';
export * from './parse-pipeline-json.js';
export * from './pipeline.js';
export * from './pipeline-builder.js';
export * from './block-kind.js';
export * from './mlp-block-kind.js';
export * from './equations-block-kind.js';
export * from './pipeline-module.js';
export * from './data-sources.js';
export * from './pipeline-loss.js';
export * from './svg-plot.js';
export * from './results-table.js';
export * from './pipeline-run-result.js';
export * from './run-pipeline.js';
export * from './run-experiment.js';
export * from './compare-pipeline-memory.js';
export * from './write-output.js';
export * from './output-folder.js';
export * from './run-experiment-folder.js';
export * from './pipeline-limits.js';
export * from './spec-value-issues.js';
export * from './spec-size-issues.js';
export * from './output-name-issues.js';
export * from './read-data-file.js';
export * from './progress-bar-reporter.js';
