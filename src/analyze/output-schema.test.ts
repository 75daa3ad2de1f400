/** `analyze` output matches docs/output.schema.json, and every span is exactly the text it claims. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import type { AnalyzedArticle, TextSpan } from '../model/document.js';
import { toRawOffset } from '../model/document.js';
import { runPipeline } from '../pipeline.js';
import { ROOT, SAMPLE_CORPUS, SEEDS, hasSeeds } from '../testing/fixtures.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'output.schema.json'), 'utf8'));
const validate = new Ajv.default({ allErrors: true }).compile(schema);

async function analyzeAll(input: string): Promise<AnalyzedArticle[]> {
  const out: AnalyzedArticle[] = [];
  for await (const item of runPipeline([input])) {
    assert.ok(item.ok, item.ok ? '' : item.error.message);
    out.push(item.article);
  }
  return out;
}

function checkSpans(a: AnalyzedArticle): void {
  const spans: TextSpan[] = [
    ...a.quotes.flatMap((q) => [q, q.cue, q.source].filter((x): x is TextSpan => x !== null)),
    ...a.figures,
    ...a.dates,
    ...a.entities.flatMap((e) => e.mentions),
  ];
  for (const s of spans) {
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= a.text.length, `span in range in ${a.source}`);
    assert.equal(a.text.slice(s.start, s.end), s.text, `span text in ${a.source}`);
  }
  for (const q of a.quotes) {
    // A quote never leaves its paragraph.
    assert.ok(!a.text.slice(q.start, q.end).includes('\n'), `quote within one paragraph in ${a.source}: ${q.text.slice(0, 40)}`);
  }
  const ids = new Set(a.entities.map((e) => e.id));
  for (const q of a.quotes) if (q.speakerEntity) assert.ok(ids.has(q.speakerEntity));
}

test('the sample corpus: valid documents with exact spans', async () => {
  const docs = await analyzeAll(SAMPLE_CORPUS);
  assert.equal(docs.length, 10);
  for (const d of docs) {
    assert.ok(validate(d), `${d.source}: ${JSON.stringify(validate.errors)}`);
    checkSpans(d);
  }
});

test('the seeds: valid, clean, and mapped back to the raw files', { skip: !hasSeeds && 'no ../shared corpus' }, async () => {
  const docs = await analyzeAll(SEEDS);
  assert.equal(docs.length, 5);
  for (const d of docs) {
    assert.ok(validate(d), `${d.source}: ${JSON.stringify(validate.errors)}`);
    checkSpans(d);
    assert.doesNotMatch(d.text, /icon bookmark|cookies|READ MORE|followers on Facebook|^\d+:\d\d$|All rights reserved|First published by/m, d.source);
    // Every cleaned paragraph is a verbatim copy of the raw file at the mapped offset.
    const raw = readFileSync(d.source, 'utf8');
    for (const seg of d.sourceMap!) assert.equal(raw.slice(seg.raw, seg.raw + seg.length), d.text.slice(seg.at, seg.at + seg.length));
    for (const q of d.quotes) assert.equal(raw.slice(toRawOffset(d, q.start), toRawOffset(d, q.end)), q.text);
  }
});
