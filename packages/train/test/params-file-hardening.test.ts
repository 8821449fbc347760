// Parameter files against hostile paths and killed writers: loadParams reads only regular files (a device or
// FIFO is refused unread, without blocking), and a save removes the temporary files killed writers left.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsBackend } from 'odeflow';
import { loadParams, saveParams, writeFileAtomic } from 'odeflow/node';

const backend = new JsBackend();
const dir = mkdtempSync(join(tmpdir(), 'odeflow-params-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parameter files', () => {
  it('loadParams refuses a device, a FIFO and a folder with IO_ERROR, without reading them', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo.json')]);
    for (const path of ['/dev/zero', join(dir, 'fifo.json'), dir]) {
      await expect(loadParams(path, backend)).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringMatching(/not a regular file|EISDIR/) });
    }
  });

  it('a save removes the temporary files of writers that are gone, and only those', async () => {
    const dead = 2 ** 22 + 11; // above Linux's largest pid
    const stale = [`.params.json.${dead}-abc.tmp`, `.params.json.${dead}-def.tmp`];
    const live = `.params.json.${process.pid}-ghi.tmp`; // a write of this very process, still under way
    const other = `.other.json.${dead}-abc.tmp`; // another file's
    for (const f of [...stale, live, other]) writeFileSync(join(dir, f), '{"partial":');
    const p = backend.fromArray([1, 2, 3]);
    await saveParams(join(dir, 'params.json'), [p], backend);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp')).sort()).toEqual([live, other].sort());
    await writeFileAtomic(join(dir, 'other.json'), '{}');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([live]);
  });
});
