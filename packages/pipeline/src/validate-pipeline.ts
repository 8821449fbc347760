import type { Container } from 'inversify';
import type { core as zcore } from 'zod';
import { TOKENS } from '@odeflow/core';
import type { BlockKind } from './block-kind.js';
import { pipelineSchema } from './pipeline-schema.js';
import type { PipelineSpec } from './pipeline-spec.js';
import { checkRegisteredNames } from './check-names.js';
import { formatSpecPath, invalidSpecError, shortJson, valueAt, type SpecIssue } from './spec-issue.js';
import { checkStageGraph } from './stage-graph.js';
import { outputNameIssues } from './output-name-issues.js';
import { specSizeIssues } from './spec-size-issues.js';
import { specValueIssues } from './spec-value-issues.js';

/** Options of {@link validatePipeline}. */
export interface ValidatePipelineOptions {
  /**
   * When given, solver, sensitivity, backend and block-kind names are checked against its registrations,
   * and each block by its kind's `check` when it has one (the `equations` kind compiles its equations).
   */
  readonly container?: Container;
  /** Where the spec came from (a file name), for messages. */
  readonly source?: string;
  /** File names the caller writes into the output folder itself (sinks may not use them), e.g. `results.json`. */
  readonly reservedFiles?: readonly string[];
}

/** The issues of a spec, empty when it is valid: schema first, then (if the schema passed) graph and names. */
export function pipelineIssues(input: unknown, options: ValidatePipelineOptions = {}): SpecIssue[] {
  // Plain JSON data first, without recursion: the schema and the messages below walk the value recursively.
  const plain = specValueIssues(input);
  if (plain.length > 0) return plain;
  const parsed = pipelineSchema.safeParse(input);
  if (!parsed.success) return parsed.error.issues.flatMap((i) => fromZodIssue(i, input));
  const issues = [...checkStageGraph(parsed.data), ...outputNameIssues(parsed.data, options.reservedFiles), ...specSizeIssues(parsed.data)];
  if (options.container) {
    issues.push(...checkRegisteredNames(parsed.data, options.container));
    issues.push(...checkBlocks(parsed.data, options.container));
  }
  return issues;
}

/** Each block checked by its registered kind (when the kind has a `check`), so a bad block fails validation. */
function checkBlocks(spec: PipelineSpec, container: Container): SpecIssue[] {
  return spec.stages.flatMap((s, i) => {
    if (s.kind !== 'block' || !container.isBound(TOKENS.BlockKind, { name: s.block.kind })) return [];
    const kind = container.get(TOKENS.BlockKind, { name: s.block.kind }) as BlockKind;
    return kind.check?.(s.block, `stages[${i}].block`) ?? [];
  });
}

/**
 * Validate a pipeline spec (already parsed from JSON) and return it typed. Any problem — wrong type or
 * range, unknown key or stage kind, dangling reference, cycle, unregistered name — throws INVALID_SPEC
 * whose message and `details.issues` give each offending path and what was expected there.
 * The returned object is `input` itself: validation adds no defaults, so it serialises back unchanged.
 */
export function validatePipeline(input: unknown, options: ValidatePipelineOptions = {}): PipelineSpec {
  const issues = pipelineIssues(input, options);
  if (issues.length > 0) throw invalidSpecError(issues, options.source);
  return input as PipelineSpec;
}

function fromZodIssue(issue: zcore.$ZodIssue, input: unknown): SpecIssue[] {
  const at = issue.path as PropertyKey[];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => ({ path: formatSpecPath([...at, k]), expected: 'no such field (a typo?); remove it or fix its name' }));
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const opts = (issue as { options?: unknown[] }).options ?? [];
    const got = valueAt(input, at);
    return [{ path: formatSpecPath(at), expected: `a known ${issue.discriminator}: one of ${opts.join(', ')}`, received: got === undefined ? 'nothing' : shortJson(got) }];
  }
  const got = valueAt(input, at);
  const received = issue.code === 'invalid_type' && got === undefined ? 'nothing (the field is required)' : shortJson(got);
  // An upper bound other than an exact length is one of PIPELINE_LIMITS.
  const limit = issue.code === 'too_big' && !issue.exact ? { code: 'LIMIT_EXCEEDED', limit: Number(issue.maximum) } : {};
  return [{ path: formatSpecPath(at), expected: issue.message, ...(received !== undefined ? { received } : {}), ...limit }];
}
