/** The `jumpT` of forward integration options, as numbers (none when absent or malformed: the loop validates it). */
export function jumpTimes(options: { readonly jumpT?: unknown }): number[] {
  const j = options.jumpT;
  return Array.isArray(j) ? j.filter((x): x is number => typeof x === 'number') : [];
}
