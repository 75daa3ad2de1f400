import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoryOverview } from '../stories/overview.js';
import { ceasefireStory } from '../testing/ceasefire-story.js';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from '../analyze/analyze.js';
import { buildBrief } from './brief.js';
import { briefHtml, briefMarkdown } from '../render/brief.js';

describe('briefing', () => {
  test('every summary sentence, quotation and timeline entry cites its exact span, paragraph and outlet', async () => {
    const { story, articles } = await ceasefireStory();
    const b = buildBrief(story, articles);
    const text = (id: string): string => articles.find((a) => a.id === id)!.text;
    assert.ok(b.summary.length >= 2);
    for (const s of b.summary) {
      assert.equal(text(s.cite.articleId).slice(s.cite.start, s.cite.end), s.text);
      assert.equal(text(s.cite.articleId).slice(0, s.cite.start).split('\n\n').length, s.cite.paragraph);
      assert.ok(s.cite.outlet);
    }
    for (const g of b.quotes)
      for (const q of g.quotes) assert.equal(text(q.cite.articleId).slice(q.cite.start, q.cite.end), q.text);
    for (const t of b.timeline) assert.equal(text(t.cite.articleId).slice(t.cite.start, t.cite.end), t.text);
    const dates = b.timeline.map((t) => t.date);
    assert.deepEqual(dates, [...dates].sort(), 'the timeline is ordered by event date');
    const summaryOrder = b.summary.map((s) => s.published ?? '');
    assert.deepEqual(summaryOrder, [...summaryOrder].sort(), 'the summary is in time order');
  });

  test('figures that outlets report differently are flagged with what they count', async () => {
    const { story, articles } = await ceasefireStory();
    const people = buildBrief(story, articles).figures.find((g) => g.noun === 'people')!;
    assert.equal(people.verdict, 'differ');
    const values = people.figures.map((f) => f.value);
    assert.ok(values.includes(40000) && values.includes(65000), JSON.stringify(values));
  });

  test('key actors merge aliases and the speakers are the people quoted', async () => {
    const { story, articles } = await ceasefireStory();
    const b = buildBrief(story, articles);
    assert.ok(b.actors.find((e) => e.name === 'Northern Liberation Front')?.aliases.includes('NLF'));
    assert.ok(b.quotes.some((g) => g.speaker === 'Lena Markovic'));
  });

  test('the HTML is one self-contained page: no scripts, no external resources, text escaped', async () => {
    const { story, articles } = await ceasefireStory();
    const hostile = { ...articles[0]!, title: '<script>alert(1)</script>' };
    const html = briefHtml(
      buildBrief({ ...story, label: '<img src=x onerror=alert(1)>' }, [hostile, ...articles.slice(1)]),
    );
    assert.ok(
      !/<(script|link|img|iframe|object|embed)\b|<[^>]*\s(src|on\w+)=|@import|url\(/i.test(html),
      'nothing is loaded and nothing runs',
    );
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /@media print/);
    const md = briefMarkdown(buildBrief(story, articles));
    assert.match(md, /## What happened/);
    assert.match(md, /## Figures/);
  });

  test('a story of one article: a brief with its own sentences, every figure single', async () => {
    const { story, articles } = await ceasefireStory();
    const one = articles[0]!;
    const b = buildBrief({ ...story, articleCount: 1, outlets: [one.outlet!] }, [one]);
    assert.ok(b.summary.length >= 1);
    for (const s of b.summary) assert.equal(one.text.slice(s.cite.start, s.cite.end), s.text);
    assert.ok(b.figures.every((g) => g.verdict === 'single'));
    assert.match(briefHtml(b), /<h2>Figures<\/h2>/);
  });

  test('quotations whose speaker is not resolved are listed under "speaker not resolved" with the mention', () => {
    const a = {
      ...analyze(
        articleOf(
          'The harbour stayed closed on Monday.\n\n“The gates stay shut until the storm passes,” a spokeswoman said.',
        ),
      ),
      outlet: 'Test Wire',
    };
    const story: StoryOverview = {
      id: 1,
      label: 'Harbour',
      first: a.published,
      last: a.published,
      outlets: ['Test Wire'],
      articleCount: 1,
      events: [],
    };
    const b = buildBrief(story, [a]);
    assert.deepEqual(
      b.unresolved.map((q) => [q.mention, q.text]),
      [['a spokeswoman', 'The gates stay shut until the storm passes']],
    );
    assert.match(
      briefMarkdown(b),
      /### Speaker not resolved\n\n- a spokeswoman: \(direct\) “The gates stay shut/,
    );
    assert.match(briefHtml(b), /<h3>Speaker not resolved<\/h3>/);
  });
});
