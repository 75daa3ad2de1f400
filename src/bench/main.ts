/**
 * `npm run bench`: throughput (articles/s, MB/s) and peak memory of extraction alone, the full pipeline and
 * the analysis stages, single process, one child process per case. Cases whose corpora (../shared) are
 * missing are skipped with a note. Usage: node dist/bench/main.js [--only SUBSTRING] [--format table|json]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { table } from '../cli/render.js';
import { ROOT } from '../testing/fixtures.js';
import { CASES, runCase, type CaseResult } from './cases.js';

const { values, positionals } = parseArgs({
  options: {
    only: { type: 'string' },
    format: { type: 'string', default: 'table' },
    case: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
});

if (values.help) {
  process.stdout.write(
    `usage: npm run bench -- [--only SUBSTRING] [--format table|json]\ncases:\n${Object.keys(CASES)
      .map((c) => `  ${c}`)
      .join('\n')}\n`,
  );
} else if (values.case) {
  // child: run one case and report it
  process.stdout.write(JSON.stringify(await runCase(values.case)));
} else {
  const shared = process.env.SITREP_SHARED ?? join(ROOT, '..', 'shared');
  const haveShared = existsSync(join(shared, 'corpus'));
  const results: (CaseResult | { name: string; note: string })[] = [];
  for (const name of Object.keys(CASES)) {
    if (values.only && !name.includes(values.only)) continue;
    if (!haveShared && !name.includes('bundled')) {
      results.push({ name, note: 'skipped: no ../shared corpora' });
      continue;
    }
    process.stderr.write(`bench: ${name}…\n`);
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) results.push({ name, note: `failed: ${r.stderr.trim().split('\n').at(-1)}` });
    else results.push(JSON.parse(r.stdout) as CaseResult);
  }
  if (values.format === 'json') process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    process.stdout.write(
      `${table(
        ['case', 'articles', 'MB', 'articles/s', 'MB/s', 'ms/article', 'peak RSS MB', 'note'],
        results.map((r) =>
          !('items' in r)
            ? [r.name, '', '', '', '', '', '', r.note]
            : [
                r.name,
                r.items,
                (r.bytes / 1e6).toFixed(2),
                (r.items / r.seconds).toFixed(1),
                (r.bytes / 1e6 / r.seconds).toFixed(2),
                ((r.seconds * 1000) / r.items).toFixed(2),
                r.maxRssMB.toFixed(0),
                r.note ?? '',
              ],
        ),
      )}\n` +
        `node ${process.version}, one core per case; MB = input bytes (HTML for extraction, cleaned text for analysis-only cases)\n`,
    );
  }
  void positionals;
}
