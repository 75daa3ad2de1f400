import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../analyze/analyze.js';
import { articleOf } from '../testing/fixtures.js';
import { compareStatements } from './statements.js';

const art = (id: string, outlet: string, text: string) => ({ ...analyze(articleOf(text)), id, outlet });

test('one statement told by two outlets in different words is merged, each wording kept; the rest are single-outlet claims', () => {
  const a = art(
    'a',
    'Valley Times',
    'Harbour Minister Elena Sorel spoke on Monday. “The port will reopen within a week once the divers have inspected every berth,” Sorel said. She also said the fishing fleet would be compensated.',
  );
  const b = art(
    'b',
    'River Post',
    'Harbour Minister Elena Sorel gave a briefing. “Once divers inspect every berth, the port will reopen within a week,” the minister said.',
  );
  const c = art(
    'c',
    'Coast Herald',
    'Union leader Marco Vidal said the dockers would strike on Friday unless wages were paid.',
  );
  const r = compareStatements([a, b, c]);
  assert.equal(r.shared.length, 1);
  const g = r.shared[0]!;
  assert.equal(g.speaker, 'Elena Sorel');
  assert.deepEqual(g.outlets.sort(), ['River Post', 'Valley Times']);
  for (const v of g.versions) assert.equal((v.articleId === 'a' ? a : b).text.slice(v.start, v.end), v.text);
  assert.ok(r.single.some((s) => s.speaker === 'Marco Vidal'));
  assert.ok(
    r.single.some((s) => s.speaker === 'Elena Sorel' && /fishing fleet/.test(s.versions[0]!.text)),
    'a different statement by the same speaker stays apart',
  );
});

test('the same words quoted by two outlets are one statement even when one side’s speaker is not resolved', () => {
  const a = art(
    'a',
    'Valley Times',
    'Harbour Minister Elena Sorel spoke on Monday. “The port will reopen within a week once the divers have inspected every berth,” Sorel said.',
  );
  const b = art(
    'b',
    'River Post',
    'The harbour stayed closed.\n\n“The port will reopen within a week once the divers have inspected every berth,” a spokeswoman said.',
  );
  assert.equal(b.quotes[0]!.speaker, null);
  const r = compareStatements([a, b]);
  assert.equal(r.shared.length, 1);
  assert.equal(r.shared[0]!.speaker, 'Elena Sorel');
  assert.deepEqual(r.shared[0]!.outlets.sort(), ['River Post', 'Valley Times']);
  assert.equal(r.single.length, 0);
});
