import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  JsBackend,
  parseParams,
  realiseBlock,
  serialiseParams,
} from 'odeflow';
import {
  loadParams,
  saveParams,
  writeFileAtomic,
  type AtomicFileSystem,
} from 'odeflow/node';

const backend = new JsBackend();
const dir = mkdtempSync(join(tmpdir(), 'odeflow-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** node:fs/promises with one call made to fail, as a crash or a full disk would. */
function failingFs(fail: 'write' | 'sync' | 'rename'): AtomicFileSystem {
  return {
    async open(path, flags) {
      const h = await fsp.open(path, flags);
      return {
        async writeFile(data, enc) {
          if (fail === 'write') {
            await h.writeFile(data.slice(0, data.length >> 1), enc); // half the bytes reach the disk
            throw new Error('ENOSPC: no space left on device');
          }
          await h.writeFile(data, enc);
        },
        async sync() {
          if (fail === 'sync') throw new Error('EIO: i/o error');
          await h.sync();
        },
        close: () => h.close(),
      };
    },
    rename: async (a, b) => {
      if (fail === 'rename') throw new Error('EXDEV: simulated');
      await fsp.rename(a, b);
    },
    rm: (p, o) => fsp.rm(p, o),
  };
}

describe('parameter files', () => {
  it('round-trips float64 parameters exactly, with names, shapes and meta', async () => {
    const block = realiseBlock({ kind: 'mlp', inputSize: 2, widths: [50, 2], activation: 'tanh', timeInput: true, init: { bias: { kind: 'normal', std: 1 }, seed: 9 } }, backend);
    // awkward values: subnormals, extremes, −0, values that need 17 significant digits
    block.params[1].data.set([5e-324, -1.7976931348623157e308, -0, 0.1 + 0.2, 1 / 3, 2 ** -1074 * 3]);
    const path = join(dir, 'model.json');
    await saveParams(path, block.params, backend, { names: block.paramNames, meta: { spec: 'spiral', iteration: 2000 } });
    const loaded = await loadParams(path, backend);
    expect(loaded.names).toEqual(block.paramNames);
    expect(loaded.shapes).toEqual(block.paramShapes);
    expect(loaded.meta).toEqual({ spec: 'spiral', iteration: 2000 });
    expect(loaded.dtype).toBe('float64');
    loaded.params.forEach((p, k) => {
      const a = block.params[k].data;
      for (let i = 0; i < a.length; i++) expect(Object.is(p.data[i], a[i])).toBe(true);
    });
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('odeflow.params');
  });

  it('refuses non-finite values and malformed files, naming the field', () => {
    expect(() => serialiseParams([backend.fromArray([1, Number.NaN])], backend)).toThrow(/NON_FINITE_STATE.*param0\[1\]/);
    const good = serialiseParams([backend.fromArray([1, 2], [1, 2])], backend);
    expect(parseParams(good, backend).params[0].shape).toEqual([1, 2]);
    expect(() => parseParams('{', backend)).toThrow(/INVALID_SPEC.*not valid JSON/);
    expect(() => parseParams(good.replace('odeflow.params', 'other'), backend)).toThrow(/format/);
    expect(() => parseParams(good.replace('"data":[1,2]', '"data":[1]'), backend)).toThrow(/params\[0\]\.data.*2 numbers/);
    expect(() => parseParams(good.replace('"data":[1,2]', '"data":[1,"x"]'), backend)).toThrow(/params\[0\]\.data\[1\]/);
  });

  it.each(['write', 'sync', 'rename'] as const)('a failure during %s leaves the previous file intact and no temporary file', async (fail) => {
    const path = join(dir, `atomic-${fail}.json`);
    await saveParams(path, [backend.fromArray([1, 2, 3])], backend);
    const previous = readFileSync(path, 'utf8');
    await expect(saveParams(path, [backend.fromArray([4, 5, 6])], backend, { fs: failingFs(fail) })).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect(readFileSync(path, 'utf8')).toBe(previous);
    expect(Array.from((await loadParams(path, backend)).params[0].data)).toEqual([1, 2, 3]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writeFileAtomic replaces the file in one rename', async () => {
    const path = join(dir, 'plain.txt');
    writeFileSync(path, 'old');
    const renames: string[] = [];
    const spy: AtomicFileSystem = {
      open: (p, f) => fsp.open(p, f),
      rename: async (a, b) => {
        renames.push(`${a} -> ${b}`);
        expect(readFileSync(path, 'utf8')).toBe('old'); // the new text is complete in the temp file before the swap
        expect(readFileSync(a, 'utf8')).toBe('new');
        await fsp.rename(a, b);
      },
      rm: (p, o) => fsp.rm(p, o),
    };
    await writeFileAtomic(path, 'new', { fs: spy });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(renames).toHaveLength(1);
    expect(renames[0].startsWith(join(dir, '.plain.txt.'))).toBe(true);
  });

  it('reports a missing file as IO_ERROR', async () => {
    await expect(loadParams(join(dir, 'missing.json'), backend)).rejects.toMatchObject({ code: 'IO_ERROR' });
  });
});
