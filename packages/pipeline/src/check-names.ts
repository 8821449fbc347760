import type { Container } from 'inversify';
import { listNamed, TOKENS, type StrategyKind } from '@odeflow/core';
import { TRAIN_TOKENS } from '@odeflow/train';
import type { PipelineSpec } from './pipeline-spec.js';
import type { SpecIssue } from './spec-issue.js';

/**
 * Checks every name a spec uses — solvers, sensitivities, backends, block kinds, optimizers — against what
 * `container` has registered, so that a typo is reported with its path before anything runs.
 */
export function checkRegisteredNames(spec: PipelineSpec, container: Container): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const cache = new Map<StrategyKind | 'Optimizer', string[]>();
  const known = (kind: StrategyKind | 'Optimizer') => {
    let k = cache.get(kind);
    if (!k) cache.set(kind, (k = listNamed(container, kind === 'Optimizer' ? TRAIN_TOKENS.Optimizer : TOKENS[kind])));
    return k;
  };
  const check = (kind: StrategyKind | 'Optimizer', what: string, name: string | undefined, at: string) => {
    if (name === undefined) return;
    const k = known(kind);
    if (!k.includes(name)) {
      issues.push({ path: at, expected: `a registered ${what} name: one of ${k.join(', ') || '(none registered)'}`, received: JSON.stringify(name) });
    }
  };
  spec.stages.forEach((s, i) => {
    if (s.kind === 'ode') {
      check('Solver', 'solver', s.solver, `stages[${i}].solver`);
      check('Sensitivity', 'sensitivity', s.sensitivity, `stages[${i}].sensitivity`);
    } else if (s.kind === 'block') {
      check('BlockKind', 'block kind', s.block.kind, `stages[${i}].block.kind`);
    } else if (s.kind === 'train') {
      check('Optimizer', 'optimizer', s.optimizer, `stages[${i}].optimizer`);
    }
  });
  const e = spec.experiment;
  if (e) {
    check('Backend', 'backend', e.backend, 'experiment.backend');
    check('Solver', 'solver', e.solver, 'experiment.solver');
    check('Sensitivity', 'sensitivity', e.sensitivity, 'experiment.sensitivity');
    e.sweep?.backend?.forEach((n, k) => check('Backend', 'backend', n, `experiment.sweep.backend[${k}]`));
    e.sweep?.solver?.forEach((n, k) => check('Solver', 'solver', n, `experiment.sweep.solver[${k}]`));
    e.sweep?.sensitivity?.forEach((n, k) => check('Sensitivity', 'sensitivity', n, `experiment.sweep.sensitivity[${k}]`));
  }
  spec.compareMemory?.methods?.forEach((n, k) => check('Sensitivity', 'sensitivity', n, `compareMemory.methods[${k}]`));
  return issues;
}
