import { describe, expect, it } from 'vitest';
import { activeMemoryMeter, JsBackend, MemoryMeter, MeteredBuffers, OdeflowError, TENSORS_LABEL } from '@odeflow/core';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof OdeflowError ? e.code : 'not an OdeflowError';
  }
  return undefined;
}

describe('MemoryMeter', () => {
  it('counts labelled bytes now and at the peak, with what the peak was made of', () => {
    const meter = new MemoryMeter();
    meter.hold('a', 100);
    meter.hold('b', 50);
    meter.release('a', 100);
    meter.hold('b', 20);
    expect(meter.bytes).toBe(70);
    expect(meter.peakBytes).toBe(150);
    expect(meter.breakdown()).toEqual({ a: 100, b: 50 });
    expect(meter.current()).toEqual({ b: 70 });
  });

  it('adds live tensors beyond those live at its start, and pairs their peak with the labelled bytes of the same stretch', () => {
    const be = new JsBackend();
    const before = be.zeros([100]);
    const meter = new MemoryMeter(be);
    meter.run(() => {
      const x = be.zeros([1000]); // 8000 bytes
      be.dispose(x);
      meter.hold('workspace', 5000); // after x is gone: the peak is 8000, not 13000
    });
    expect(meter.peakBytes).toBe(8000);
    expect(meter.breakdown()).toEqual({ [TENSORS_LABEL]: 8000 });
    meter.run(() => {
      const y = be.zeros([1000]); // while the 5000 bytes are held
      be.dispose(y);
    });
    expect(meter.peakBytes).toBe(13000);
    expect(meter.breakdown()).toEqual({ [TENSORS_LABEL]: 8000, workspace: 5000 });
    be.dispose(before);
  });

  it('reports tensors claimed by a label under that label, counted once', () => {
    const be = new JsBackend();
    const meter = new MemoryMeter(be);
    const tape = new MeteredBuffers('tape', true);
    const kept: ReturnType<JsBackend['zeros']>[] = [];
    meter.run(() => {
      for (let i = 0; i < 4; i++) {
        kept.push(be.zeros([10]));
        tape.grow(80);
      }
      be.dispose(be.zeros([5])); // a temporary next to the tape
    });
    expect(meter.peakBytes).toBe(320 + 40);
    expect(meter.breakdown()).toEqual({ tape: 320, [TENSORS_LABEL]: 40 });
    be.dispose(kept);
    tape.clear();
    expect(meter.current()).toEqual({});
  });

  it('is the active meter only while it runs, also when the run throws', () => {
    const meter = new MemoryMeter();
    expect(activeMemoryMeter()).toBeUndefined();
    expect(() =>
      meter.run(() => {
        expect(activeMemoryMeter()).toBe(meter);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(activeMemoryMeter()).toBeUndefined();
  });

  it('passes the reports of a meter run inside another on to the enclosing one', () => {
    const outer = new MemoryMeter();
    const inner = new MemoryMeter();
    const buffers = new MeteredBuffers('work');
    outer.run(() => {
      outer.hold('own', 10);
      inner.run(() => buffers.grow(30));
      buffers.clear();
    });
    expect(inner.peakBytes).toBe(30);
    expect(outer.peakBytes).toBe(40);
    expect(outer.breakdown()).toEqual({ own: 10, work: 30 });
  });

  it('refuses negative or non-finite bytes and releasing more than was held (INVALID_ARGUMENT)', () => {
    const meter = new MemoryMeter();
    meter.hold('a', 8);
    expect(codeOf(() => meter.hold('a', -1))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => meter.hold('a', Number.NaN))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => meter.release('a', 16))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new MeteredBuffers('b').grow(Infinity))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => new MeteredBuffers('b').shrink(1))).toBe('INVALID_ARGUMENT');
    expect(meter.bytes).toBe(8);
  });
});

describe('MeteredBuffers', () => {
  it('charges every computation that uses long-lived buffers once, not only the one that allocated them', () => {
    const workspace = new MeteredBuffers('workspace');
    const first = new MemoryMeter();
    const second = new MemoryMeter();
    first.run(() => {
      workspace.grow(1000);
      workspace.use();
      workspace.use();
    });
    workspace.grow(24); // outside any computation: charged to the next one that uses it
    second.run(() => workspace.use());
    first.run(() => workspace.use()); // the first resumes: charged only what it was not charged
    expect(first.peakBytes).toBe(1024);
    expect(second.peakBytes).toBe(1024);
    expect(second.breakdown()).toEqual({ workspace: 1024 });
  });

  it('releases from the meter it was charged to, also after that meter stopped running', () => {
    const trajectory = new MeteredBuffers('trajectory');
    const meter = new MemoryMeter();
    meter.run(() => trajectory.grow(512));
    trajectory.shrink(256);
    expect(meter.current()).toEqual({ trajectory: 256 });
    trajectory.clear();
    expect(meter.bytes).toBe(0);
    expect(meter.peakBytes).toBe(512);
    expect(trajectory.bytes).toBe(0);
  });
});
