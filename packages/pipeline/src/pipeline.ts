import { parsePipelineJson } from './parse-pipeline-json.js';
import type { PipelineSpec } from './pipeline-spec.js';
import { validatePipeline, type ValidatePipelineOptions } from './validate-pipeline.js';

/**
 * A validated pipeline spec. Built with {@link pipeline} (the typed builder) or read with
 * {@link Pipeline.fromJSON}; `toJSON` gives back the plain spec, so
 * `Pipeline.fromJSON(JSON.stringify(p)).toJSON()` equals `p.toJSON()` exactly.
 */
export class Pipeline {
  /** The validated spec (deep-frozen plain data). */
  readonly spec: PipelineSpec;

  /**
   * Validates `spec` (schema and graph; names too when `options.container` is given).
   * @param spec - plain pipeline data
   * @param options - container to check names against, source for messages
   */
  constructor(spec: unknown, options: ValidatePipelineOptions = {}) {
    this.spec = deepFreeze(structuredClone(validatePipeline(spec, options)));
  }

  /** The pipeline's name. */
  get name(): string {
    return this.spec.name;
  }

  /** The plain JSON spec (a fresh copy the caller may change). */
  toJSON(): PipelineSpec {
    return structuredClone(this.spec) as PipelineSpec;
  }

  /** The spec as pretty-printed JSON text. */
  toString(): string {
    return JSON.stringify(this.spec, null, 2);
  }

  /**
   * Read a pipeline from JSON text or from already-parsed data. Malformed JSON and invalid specs throw
   * INVALID_SPEC with the offending path and what was expected.
   */
  static fromJSON(json: string | unknown, options: ValidatePipelineOptions = {}): Pipeline {
    const spec = typeof json === 'string' ? parsePipelineJson(json, options) : validatePipeline(json, options);
    return new Pipeline(spec);
  }
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}
