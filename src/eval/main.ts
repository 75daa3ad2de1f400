/**
 * `npm run eval`: sitrep's quality on every development corpus in ../shared that has gold, in one table.
 * Usage: node dist/eval/main.js [--only seeds,zyte,trafilatura,polnear,newsquant,figuregroups,timeml,stories,cleaning,syntax]
 * [--format table|json] [--shared DIR]. Without ../shared it says so and exits 0.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { table } from '../render/table.js';
import { ROOT } from '../testing/fixtures.js';
import { evalCleaning } from './cleaning.js';
import { evalFigureGroups } from './figuregroups.js';
import { evalStories } from './stories.js';
import { evalSyntax } from './syntax.js';
import {
  evalNewsQuant,
  evalPolnear,
  evalSeeds,
  evalTimeml,
  evalTrafilatura,
  evalZyte,
  type Row,
} from './corpora.js';

const SUITES: Record<string, (shared: string) => Promise<Row[]>> = {
  seeds: evalSeeds,
  zyte: evalZyte,
  trafilatura: evalTrafilatura,
  polnear: evalPolnear,
  newsquant: evalNewsQuant,
  figuregroups: evalFigureGroups,
  timeml: evalTimeml,
  stories: evalStories,
  cleaning: evalCleaning,
  syntax: evalSyntax,
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      format: { type: 'string', default: 'table' },
      shared: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      `usage: npm run eval -- [--only ${Object.keys(SUITES).join(',')}] [--format table|json] [--shared DIR]\n`,
    );
    return 0;
  }
  const shared = resolve(values.shared ?? process.env.SITREP_SHARED ?? join(ROOT, '..', 'shared'));
  if (!existsSync(join(shared, 'corpus'))) {
    process.stdout.write(
      `No development corpora at ${shared} (expected ../shared beside the checkout): nothing to evaluate.\n`,
    );
    return 0;
  }
  const only = values.only ? values.only.split(',') : Object.keys(SUITES);
  const unknown = only.filter((o) => !SUITES[o]);
  if (unknown.length) {
    process.stderr.write(
      `unknown suite(s): ${unknown.join(', ')}; choose from ${Object.keys(SUITES).join(', ')}\n`,
    );
    return 2;
  }
  const rows: Row[] = [];
  for (const name of only) {
    const t0 = performance.now();
    process.stderr.write(`eval: ${name}…`);
    try {
      rows.push(...(await SUITES[name]!(shared)));
    } catch (err) {
      rows.push({ corpus: name, measure: 'error', value: null, note: (err as Error).message });
    }
    process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  if (values.format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    process.stdout.write(
      `${table(
        ['corpus', 'measure', 'value', 'target', 'note'],
        rows.map((r) => [
          r.corpus,
          r.measure,
          r.value === null ? '—' : r.value.toFixed(3),
          r.target ?? '',
          r.note ?? '',
        ]),
        80,
      )}\n`,
    );
  }
  return 0;
}

process.exitCode = await main();
