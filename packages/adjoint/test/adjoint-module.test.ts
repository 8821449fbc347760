import { AdjointSensitivity, CheckpointedSensitivity, DirectSensitivity } from '@odeflow/adjoint';
import { listNamed, TOKENS } from '@odeflow/core';
import { describe, expect, it } from 'vitest';
import { makeContainer, sensitivity } from './helpers/harness.js';

describe('adjointModule', () => {
  it('binds direct, adjoint and checkpointed by name under TOKENS.Sensitivity', () => {
    expect(listNamed(makeContainer(), TOKENS.Sensitivity)).toEqual(['adjoint', 'checkpointed', 'direct']);
    expect(sensitivity('direct')).toBeInstanceOf(DirectSensitivity);
    expect(sensitivity('adjoint')).toBeInstanceOf(AdjointSensitivity);
    expect(sensitivity('checkpointed')).toBeInstanceOf(CheckpointedSensitivity);
    for (const name of ['direct', 'adjoint', 'checkpointed']) expect(sensitivity(name).name).toBe(name);
    expect(sensitivity('adjoint').optionKeys).toEqual(['adjointMethod', 'adjointRtol', 'adjointAtol', 'adjointOptions', 'norm', 'adjointState']);
    expect(sensitivity('checkpointed').optionKeys).toEqual(['checkpointEvery']);
    expect(sensitivity('direct').optionKeys).toEqual([]);
  });
});
