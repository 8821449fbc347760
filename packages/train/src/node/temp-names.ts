/**
 * Names of the temporary siblings atomic writes create (`.<name>.<pid>-<random>.<suffix>`): the writer's
 * process id in the name tells a later writer which ones a killed process left behind.
 */
const PATTERN = /^\.(.+)\.(\d+)-([a-z0-9]+)\.([a-z]+)$/;

/** A fresh temporary name beside `base` (a file or folder name, no folder), e.g. `.params.json.4242-k3j9x.tmp`. */
export function tempName(base: string, suffix: string): string {
  return `.${base}.${process.pid}-${Math.random().toString(36).slice(2, 10) || '0'}.${suffix}`;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The temporary siblings of `base` among `names` (a folder listing) whose writer process is gone: left by
 * a killed or crashed write, safe to remove. `suffixes` restricts the kinds (default: any).
 */
export function staleTempNames(names: readonly string[], base: string, suffixes?: readonly string[]): string[] {
  return names.filter((n) => {
    const m = PATTERN.exec(n);
    return m !== null && m[1] === base && (suffixes === undefined || suffixes.includes(m[4]!)) && !alive(Number(m[2]));
  });
}
