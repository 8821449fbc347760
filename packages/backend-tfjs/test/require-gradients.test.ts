import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { isOdeflowError } from '@odeflow/core';
import { GRADIENT_BUILD_COMMAND, requireGradients } from '@odeflow/backend-tfjs';

describe('tfjs gradients: a build without the gradient bundle is named, not a crash', () => {
  it('passes when tfjs has its gradients (vitest resolves the deep import)', () => {
    expect(() => requireGradients()).not.toThrow();
    expect(tf.getGradient('Tanh')).toBeDefined();
  });

  it('an unregistered gradient gives BACKEND_UNAVAILABLE naming the build command', () => {
    let caught: unknown;
    try {
      requireGradients((name) => (name === 'Tanh' ? undefined : tf.getGradient(name)));
    } catch (e) {
      caught = e;
    }
    expect(isOdeflowError(caught)).toBe(true);
    const e = caught as { code: string; message: string; details?: { missing?: string[] } };
    expect(e.code).toBe('BACKEND_UNAVAILABLE');
    expect(e.message).toContain('missing: Tanh');
    expect(e.message).toContain(GRADIENT_BUILD_COMMAND);
    expect(e.message).toContain('node packages/backend-tfjs/scripts/bundle-gradients.mjs');
    expect(GRADIENT_BUILD_COMMAND).toBe('npx --yes pnpm@12.21.0 run build');
  });
});
