/** `analyze` output matches docs/output.schema.json, and every span is exactly the text it claims. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import type { AnalyzedArticle, TextSpan } from '../model/document.js';
import { toRawOffset } from '../model/document.js';
import { furnitureRule } from '../extract/furniture.js';
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
    assert.ok(
      !a.text.slice(q.start, q.end).includes('\n'),
      `quote within one paragraph in ${a.source}: ${q.text.slice(0, 40)}`,
    );
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

test(
  'the seeds: valid, clean, and mapped back to the raw files',
  { skip: !hasSeeds && 'no ../shared corpus' },
  async () => {
    const docs = await analyzeAll(SEEDS);
    assert.equal(docs.length, 5);
    for (const d of docs) {
      assert.ok(validate(d), `${d.source}: ${JSON.stringify(validate.errors)}`);
      checkSpans(d);
      assert.doesNotMatch(
        d.text,
        /icon bookmark|cookies|READ MORE|followers on Facebook|^\d+:\d\d$|All rights reserved|First published by/m,
        d.source,
      );
      // Every cleaned paragraph is a verbatim copy of the raw file at the mapped offset.
      const raw = readFileSync(d.source, 'utf8');
      for (const seg of d.sourceMap!)
        assert.equal(raw.slice(seg.raw, seg.raw + seg.length), d.text.slice(seg.at, seg.at + seg.length));
      for (const q of d.quotes)
        assert.equal(raw.slice(toRawOffset(d, q.start), toRawOffset(d, q.end)), q.text);
      // Every annotated passage of the article (gold quotes, figures, dates) survives cleaning: it lies in a kept
      // paragraph, so no article sentence was cut as furniture. The one exception is a line that is only a
      // dateline ("10 May, 2016 16:21"): it leaves the text for the metadata (published, via dateline, when no
      // sidecar gives the date).
      const doc = basename(d.source).slice(0, 3);
      const datelineOnly = (g: { start: number; end: number }): boolean => {
        const lineStart = raw.lastIndexOf('\n', g.start) + 1;
        const lineEnd = raw.indexOf('\n', g.end);
        const line = raw.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim();
        return furnitureRule(line) === 'date-line';
      };
      for (const file of ['quotes.jsonl', 'figures.jsonl', 'dates.jsonl']) {
        for (const line of readFileSync(join(SEEDS, '..', '..', 'gold', file), 'utf8')
          .split('\n')
          .filter(Boolean)) {
          const g = JSON.parse(line) as { doc: string; start: number; end: number; text: string };
          if (g.doc !== doc) continue;
          if (datelineOnly(g)) continue;
          const kept = d.sourceMap!.some((seg) => seg.raw <= g.start && g.end <= seg.raw + seg.length);
          assert.ok(kept, `${d.source}: gold ${file} span "${g.text}" was cut`);
        }
      }
    }
  },
);
