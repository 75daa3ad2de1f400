import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestIntoStore } from '../ingest/into-store.js';
import type { Quote } from '../model/document.js';
import { openSqliteStore } from '../store/sqlite.js';
import { articleOf, tempDir } from '../testing/fixtures.js';
import { analyze, DEFAULT_ANALYZERS } from './analyze.js';
import type { Analyzer } from './context.js';
import { spanProblem, validateAnnotations } from './validate.js';

const TEXT = 'The ferry to Lowmoor Island will resume on Friday, harbour master Ines Okoro said on Monday.';

/** An analyzer that slips: a quote whose span runs backwards, as the closing-attribution bug produced. */
const broken: Analyzer = {
  name: 'broken',
  run(ctx) {
    ctx.quotes.push({
      start: 0,
      end: -1,
      text: ctx.text.slice(0, 20),
      confidence: 0.7,
      kind: 'indirect',
      cue: null,
      source: { start: 0, end: 7, text: 'Tuesday' },
      speaker: 'Tuesday',
      speakerEntity: null,
    });
  },
};

test('spanProblem: inside the text, start <= end, integer offsets, and the text of the span', () => {
  assert.equal(spanProblem('abcdef', { start: 1, end: 3, text: 'bc' }), null);
  assert.equal(spanProblem('abcdef', { start: 2, end: 2 }), null);
  assert.match(spanProblem('abcdef', { start: 0, end: -1 })!, /start after end|outside/);
  assert.match(spanProblem('abcdef', { start: 3, end: 2 })!, /start after end/);
  assert.match(spanProblem('abcdef', { start: 4, end: 9 })!, /outside/);
  assert.match(spanProblem('abcdef', { start: 1.5, end: 3 })!, /integers/);
  assert.match(spanProblem('abcdef', { start: 1, end: 3, text: 'xy' })!, /text differs/);
});

test('invalid annotations of every layer are dropped, each with a warning naming its layer and span', () => {
  const text = 'Ines Okoro said the ferry will resume.';
  const okoro = { start: 0, end: 10, text: 'Ines Okoro' };
  const quote: Quote = {
    start: 16,
    end: 37,
    text: text.slice(16, 37),
    confidence: 0.7,
    kind: 'indirect',
    cue: { start: 11, end: 15, text: 'says' }, // wrong text
    source: okoro,
    speaker: 'Ines Okoro',
    speakerEntity: 'e2',
  };
  const { layers, warnings } = validateAnnotations(
    text,
    {
      sentences: [
        { start: 0, end: 38 },
        { start: 30, end: 80 },
      ],
      entities: [
        {
          id: 'e1',
          name: 'Ines Okoro',
          type: 'person',
          aliases: [],
          roles: [],
          mentions: [okoro],
          confidence: 1,
          uncertain: false,
        },
        {
          id: 'e2',
          name: 'Lowmoor',
          type: 'place',
          aliases: [],
          roles: [],
          mentions: [{ start: 50, end: 57, text: 'Lowmoor' }],
          confidence: 1,
          uncertain: false,
        },
      ],
      quotes: [quote, { ...quote, start: 40, end: 45 }],
      figures: [],
      dates: [{ start: 5, end: 2, text: '', confidence: 1, value: null, type: 'DATE', role: 'event' }],
    },
    'a1',
  );
  assert.deepEqual(layers.sentences, [{ start: 0, end: 38 }]);
  assert.deepEqual(
    layers.entities.map((e) => e.id),
    ['e1'],
  );
  assert.equal(layers.quotes.length, 1);
  assert.equal(layers.quotes[0]!.cue, null);
  assert.deepEqual(layers.quotes[0]!.source, okoro);
  assert.equal(layers.quotes[0]!.speakerEntity, null); // its entity was dropped
  assert.deepEqual(layers.dates, []);
  assert.deepEqual(
    warnings.map((w) => [w.analyzer, w.code]),
    [
      ['sentences', 'invalid-annotation'],
      ['entities', 'invalid-annotation'],
      ['entities', 'invalid-annotation'],
      ['quotes', 'invalid-annotation'],
      ['quotes', 'invalid-annotation'],
      ['dates', 'invalid-annotation'],
    ],
  );
  assert.ok(warnings.every((w) => w.message.startsWith('article a1: ')));
  assert.match(warnings[3]!.message, /quote 40-45/);
});

test('an analyzer that yields a bad span costs that annotation: the article is analysed and stored', async () => {
  const a = analyze(articleOf(TEXT), [...DEFAULT_ANALYZERS, broken]);
  assert.ok(a.quotes.every((q) => q.start <= q.end && a.text.slice(q.start, q.end) === q.text));
  assert.ok(
    a.quotes.some((q) => q.speaker === 'Ines Okoro'),
    'the good quote is kept',
  );
  const w = a.warnings.filter((x) => x.code === 'invalid-annotation');
  assert.equal(w.length, 1);
  assert.equal(w[0]!.analyzer, 'quotes');
  assert.match(w[0]!.message, /0--1/);
  const store = openSqliteStore(':memory:');
  try {
    await store.putArticles([a]);
    const back = await store.getArticle(a.id);
    assert.ok(back);
    assert.deepEqual(back.warnings, a.warnings);
    assert.equal(back.quotes.length, a.quotes.length);
  } finally {
    await store.close();
  }
});

test('ingest stores the article whose analysis slipped and reports the warning', async () => {
  const { dir, cleanup } = tempDir();
  const store = openSqliteStore(':memory:');
  try {
    writeFileSync(join(dir, 'ferry.txt'), `Ferry to resume\n\n${TEXT}\n`);
    const s = await ingestIntoStore(store, [dir], { analyzers: [...DEFAULT_ANALYZERS, broken] });
    assert.deepEqual(s.failed, []);
    assert.equal(s.ingested.length, 1);
    assert.deepEqual(
      s.warnings.map((w) => [w.id, w.warning.code, w.warning.analyzer]),
      [[s.ingested[0]!.id, 'invalid-annotation', 'quotes']],
    );
    assert.equal(await store.countArticles(), 1);
  } finally {
    await store.close();
    cleanup();
  }
});
