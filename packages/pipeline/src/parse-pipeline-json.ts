import { OdeflowError } from '@odeflow/core';
import { validatePipeline, type ValidatePipelineOptions } from './validate-pipeline.js';
import type { PipelineSpec } from './pipeline-spec.js';

/**
 * Parse JSON text and validate it as a pipeline spec. Malformed JSON throws INVALID_SPEC with the line and
 * column of the syntax error; see {@link validatePipeline} for everything else.
 */
export function parsePipelineJson(text: string, options: ValidatePipelineOptions = {}): PipelineSpec {
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
