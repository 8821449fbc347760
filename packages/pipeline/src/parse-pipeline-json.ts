import { OdeflowError } from '@odeflow/core';
import { invalidSpecError } from './spec-issue.js';
import { PIPELINE_LIMITS } from './pipeline-limits.js';
import { jsonDepthOverflow } from './spec-value-issues.js';
import { validatePipeline, type ValidatePipelineOptions } from './validate-pipeline.js';
import type { PipelineSpec } from './pipeline-spec.js';

/**
 * Parse JSON text and validate it as a pipeline spec. Malformed JSON, or JSON nested deeper than
 * PIPELINE_LIMITS.jsonDepth, throws INVALID_SPEC with the line and column; see {@link validatePipeline} for everything else.
 */
export function parsePipelineJson(text: string, options: ValidatePipelineOptions = {}): PipelineSpec {
  const deep = jsonDepthOverflow(text);
  if (deep) {
    const at = `line ${deep.line}, column ${deep.column}`;
    const limit = PIPELINE_LIMITS.jsonDepth;
    throw invalidSpecError([{ path: '', expected: `at most ${limit} levels of nesting (the limit); the document nests deeper at ${at}`, code: 'LIMIT_EXCEEDED', limit }], options.source);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset).split('\n');
      where = ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
    }
    throw new OdeflowError(
      'INVALID_SPEC',
      `Invalid pipeline spec${options.source ? ` ${options.source}` : ''}: malformed JSON${where} (${msg}); nothing was run. ` +
        `Expected a JSON object { "version": 1, "name": ..., "stages": [...] }.`,
      { path: '', issues: [{ path: '', expected: `well-formed JSON${where}`, received: msg }] },
    );
  }
  return validatePipeline(data, options);
}
