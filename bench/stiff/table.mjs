// The stiff benchmark's one table: every row with its accuracy and cost, and for odeflow's rows the targets of
// item 6 as pass/fail columns (digits ≥ target; time ≤ SciPy's best / 10; time ≤ diff-grok's best — "best"
// being the fastest method of that peer that meets the digits target on that problem × rtol).

const fmtMs = (x) => (x === undefined || x === null || !Number.isFinite(x) ? '-' : x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
const fmtN = (x) => (x === undefined || x === null ? '-' : String(x));
const yn = (b) => (b === undefined ? '-' : b ? 'pass' : 'FAIL');

function best(rows, lib, problem, rtol) {
  const ok = rows.filter((r) => r.lib === lib && r.problem === problem && r.rtol === rtol && r.accurate && Number.isFinite(r.ms));
  return ok.length ? ok.reduce((m, r) => (r.ms < m.ms ? r : m)) : undefined;
}

/** Print the table (markdown) and the notes. */
export function printTable(rows, problems, rtols, notes) {
  const head = ['problem', 'rtol', 'library', 'method', 'status', 'digits', 'ms', 'nfe', 'njev', 'nlu', 'steps', 'digits ≥ target', '≤ SciPy best/10', '≤ diff-grok best'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const p of problems) {
    for (const rtol of rtols) {
      const sb = best(rows, 'scipy', p.name, rtol);
      const db = best(rows, 'diff-grok', p.name, rtol);
      for (const r of rows.filter((x) => x.problem === p.name && x.rtol === rtol)) {
        const ours = r.lib === 'odeflow';
        const cells = [
          p.name, rtol.toExponential(0), r.lib, r.method, r.status === 'success' ? 'ok' : `${r.status}${r.tReached !== undefined ? ` @ t=${r.tReached.toPrecision(3)}` : ''}`,
          Number.isFinite(r.digits) ? r.digits.toFixed(2) : '-', fmtMs(r.ms), fmtN(r.nfe), fmtN(r.njev), fmtN(r.nlu), fmtN(r.steps),
          yn(r.accurate),
          ours && sb ? yn(r.accurate && r.ms <= sb.ms / 10) : '-',
          ours && db ? yn(r.accurate && r.ms <= db.ms) : '-',
        ];
        lines.push(`| ${cells.join(' | ')} |`);
      }
      if (sb || db) {
        lines.push(`| ${p.name} | ${rtol.toExponential(0)} | best peers | ${[sb && `SciPy ${sb.method} ${fmtMs(sb.ms)} ms`, db && `diff-grok ${db.method} ${fmtMs(db.ms)} ms`].filter(Boolean).join('; ')} | | | | | | | | | | |`);
      }
    }
  }
  console.log(lines.join('\n'));
  console.log('');
  console.log(`Problems (atol; reference): ${problems.map((p) => `${p.name} (${p.atolNote}; ${p.refSource})`).join('; ')}.`);
  console.log(`Digits: min over components of −log10(|y − ref| / (|ref| + atol/rtol)); target: digits of rtol − 1 (E5: 2).`);
  for (const n of notes) console.log(n);
}
