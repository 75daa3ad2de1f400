import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../analyze/analyze.js';
import { articleOf } from '../testing/fixtures.js';
import { alignFigures } from './figures.js';

test('figures are grouped by what they count and differences explained by dates and periods', () => {
  const a = { ...analyze(articleOf('The ministry said its jets flew 64 sorties over the past 24 hours. About 12 tonnes of fuel were used.', '2024-03-12')), id: 'a', outlet: 'Valley Times' };
  const b = { ...analyze(articleOf('Since the start of the operation, the jets have flown more than 10,000 sorties, the minister said. About 12 tonnes of fuel were used.', '2024-09-01')), id: 'b', outlet: 'River Post' };
  const groups = alignFigures([a, b]);
  const sorties = groups.find((g) => g.noun === 'sorties')!;
  assert.equal(sorties.verdict, 'differ');
  assert.deepEqual(sorties.figures.map((f) => f.outlet), ['Valley Times', 'River Post']);
  assert.match(sorties.reason ?? '', /different dates: 64 sorties \(reported 2024-03-12\) vs more than 10,000 sorties \(reported 2024-09-01\)/);
  assert.match(sorties.reason ?? '', /different periods: 64 sorties \(over the past 24 hours\) vs more than 10,000 sorties \(Since the start of the operation\)/);
  const tonnes = groups.find((g) => g.noun.startsWith('tonnes'))!;
  assert.equal(tonnes.verdict, 'agree');
  for (const g of groups) for (const f of g.figures) assert.equal((f.articleId === 'a' ? a : b).text.slice(f.start, f.end), f.text);
});
