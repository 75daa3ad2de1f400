import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import type { AnalyzedArticle } from '../model/document.js';
import { runPipeline } from '../pipeline.js';
import { hasSeeds, SAMPLE_CORPUS, SEEDS } from '../testing/fixtures.js';
import { StoryClusterer, type Assignment, type ClusterState } from './cluster.js';
import { storyFeatures, termsOf, urlWords, type StoryFeatures } from './features.js';

async function read(inputs: string[], meta?: string[]): Promise<AnalyzedArticle[]> {
  const out: AnalyzedArticle[] = [];
  for await (const item of runPipeline(inputs, meta ? { meta } : {})) if (item.ok) out.push(item.article);
  return out.sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
}

async function assignAll(c: StoryClusterer, fs: StoryFeatures[]): Promise<Assignment[]> {
  const out: Assignment[] = [];
  for (const f of fs) out.push(await c.assign(f));
  return out;
}

function feat(id: string, terms: Record<string, number>, day: number | null = 0): StoryFeatures {
  return {
    id,
    time: day === null ? null : Date.UTC(2024, 0, 1) + day * 86_400_000,
    terms: new Map(Object.entries(terms)),
  };
}

describe('story clustering', () => {
  test('the sample corpus falls into its two stories exactly', async () => {
    const articles = await read([SAMPLE_CORPUS]);
    const c = new StoryClusterer();
    const groups = new Map<number, string[]>();
    for (const a of articles) {
      const { story } = await c.assign(storyFeatures(a));
      const name = relative(SAMPLE_CORPUS, a.source.split('#')[0]!) + (a.source.includes('#') ? '#item' : '');
      groups.set(story, [...(groups.get(story) ?? []), name]);
    }
    const roots = await c.state.resolve([...groups.keys()]);
    const stories = [...groups.entries()].map(([id, files]) => ({ files: files.sort(), id: roots.get(id) }));
    assert.equal(new Set(stories.map((s) => s.id)).size, 2, JSON.stringify(stories));
    const ceasefire = stories.find((s) => s.files.includes('northline-news/ceasefire-talks-open.txt'))!;
    const spill = stories.find((s) => s.files.includes('harbour-courier/spill-at-pier-seven.html'))!;
    for (const f of ['aravia-daily/minister-hopeful.html', 'civic-ledger/displaced-count.txt'])
      assert.ok(ceasefire.files.includes(f), f);
    for (const f of [
      'northline-news/saltmere-evacuation.txt',
      'harbour-courier/mayor-orders-inquiry.html',
      'civic-ledger/how-much-leaked.txt',
    ])
      assert.ok(spill.files.includes(f), f);
    assert.equal(ceasefire.files.filter((f) => f.startsWith('global-wire.rss')).length, 2);
    assert.equal(spill.files.filter((f) => f.startsWith('global-wire.rss')).length, 1);
  });

  test('the seeds are one story of five events', { skip: !hasSeeds && 'no ../shared seeds' }, async () => {
    const articles = await read([SEEDS], [join(SEEDS, 'meta.jsonl')]);
    const c = new StoryClusterer();
    const placed = await assignAll(
      c,
      articles.map((a) => storyFeatures(a)),
    );
    assert.equal(new Set((await c.state.resolve(placed.map((p) => p.story))).values()).size, 1);
    assert.equal(new Set(placed.map((p) => p.event)).size, 5);
  });

  test('saved state resumes exactly where it stopped', async () => {
    const articles = await read([SAMPLE_CORPUS]);
    const straight = new StoryClusterer();
    const expected = await assignAll(
      straight,
      articles.map((a) => storyFeatures(a)),
    );
    let c = new StoryClusterer();
    const got = await assignAll(
      c,
      articles.slice(0, 5).map((a) => storyFeatures(a)),
    );
    c = StoryClusterer.fromJSON(JSON.parse(JSON.stringify(c.toJSON())) as ClusterState);
    got.push(
      ...(await assignAll(
        c,
        articles.slice(5).map((a) => storyFeatures(a)),
      )),
    );
    assert.deepEqual(
      got.map((g) => [g.story, g.event]),
      expected.map((e) => [e.story, e.event]),
    );
  });

  test('saved options stay in force unless overridden', () => {
    const c = new StoryClusterer({ storyThreshold: 0.3 });
    assert.equal(StoryClusterer.fromJSON(c.toJSON()).opts.storyThreshold, 0.3);
    assert.equal(StoryClusterer.fromJSON(c.toJSON(), { storyThreshold: 0.2 }).opts.storyThreshold, 0.2);
  });

  test('an article that bridges two stories merges them', async () => {
    const c = new StoryClusterer({ storyThreshold: 0.3, mergeThreshold: 0.4 });
    const a = await c.assign(feat('a', { alpha: 3, beta: 3 }));
    const b = await c.assign(feat('b', { gamma: 3, delta: 3 }));
    assert.notEqual(a.story, b.story);
    const bridge = await c.assign(feat('c', { alpha: 3, beta: 3, gamma: 3, delta: 3 }));
    assert.equal(bridge.merged.length, 1);
    assert.equal(await c.resolve(a.story), await c.resolve(b.story));
  });

  test('past maxCandidates, only the stories its looked-up terms list most heavily are read and scored', async () => {
    const place = async (
      maxCandidates: number,
    ): Promise<{ spill: number; tanker: number; a: Assignment }> => {
      const c = new StoryClusterer({ storyThreshold: 0.1, mergeThreshold: 0.1, maxCandidates });
      const spill = await c.assign(feat('spill', { spill: 3, ferry: 3, dock: 3 }));
      const tanker = await c.assign(feat('tanker', { harbour: 3, acid: 3, tanker: 3 }));
      assert.notEqual(spill.story, tanker.story);
      const a = await c.assign(feat('leak', { harbour: 3, acid: 3, tanker: 2, spill: 1 }));
      return { spill: spill.story, tanker: tanker.story, a };
    };
    const all = await place(100);
    assert.equal(all.a.story, all.tanker);
    assert.deepEqual(all.a.merged, [all.spill], 'scored, the story sharing one light term merges in');
    const capped = await place(1);
    assert.equal(capped.a.story, capped.tanker, 'the story three of its terms list');
    assert.deepEqual(capped.a.merged, [], 'the story one light term lists is not read');
  });

  test('a headline joins a broad story through the members it resembles, which the centroid alone misses', async () => {
    const angles = ['copper', 'yuan', 'bond', 'stock', 'export', 'iron', 'steel', 'coal', 'bank', 'property'];
    const place = async (
      neighbourWeight: number,
      neighbourCandidates = 20,
    ): Promise<{ story: number; joined: number; opened: boolean }> => {
      const c = new StoryClusterer({ neighbourWeight, neighbourCandidates });
      const placed = await assignAll(
        c,
        angles.map((a) => feat(a, { china: 3, slowdown: 3, [a]: 3, [`${a}-price`]: 2 })),
      );
      assert.equal(new Set(placed.map((p) => p.story)).size, 1, 'the angles make one story');
      const h = await c.assign(feat('headline', { copper: 1, 'copper-price': 1, low: 1 }));
      return { story: placed[0]!.story, joined: h.story, opened: h.opened };
    };
    const centroidOnly = await place(0);
    assert.equal(
      centroidOnly.opened,
      true,
      'the centroid of ten angles is too broad for a three-word headline',
    );
    const blended = await place(0.5);
    assert.equal(blended.opened, false);
    assert.equal(blended.joined, blended.story);
    assert.equal(
      (await place(0.5, 0)).opened,
      true,
      'stories ranked past neighbourCandidates are scored by their centroid alone',
    );
  });

  test('a state saved before members were remembered (version 1) is still read', async () => {
    const c = new StoryClusterer();
    const first = await c.assign(feat('a', { harbour: 3, spill: 3, acid: 1 }));
    const state = c.toJSON();
    assert.equal(state.version, 2);
    assert.equal(state.stories[0]!.members?.length, 1);
    const old = {
      ...state,
      version: 1 as const,
      stories: state.stories.map(({ members: _members, ...rest }) => rest),
    };
    const resumed = StoryClusterer.fromJSON(JSON.parse(JSON.stringify(old)) as ClusterState);
    assert.equal((await resumed.assign(feat('b', { harbour: 3, spill: 3, acid: 1 }))).story, first.story);
  });

  test('time discounts similarity; unknown times are not discounted', async () => {
    const c = new StoryClusterer({ storyThreshold: 0.5, storyHalfLifeDays: 1, storyTimeFloor: 0 });
    const first = await c.assign(feat('a', { harbour: 2, spill: 2, acid: 1 }, 0));
    assert.equal(
      (await c.assign(feat('b', { harbour: 2, spill: 2, acid: 1 }, 1))).story,
      first.story,
      'a day later',
    );
    assert.notEqual(
      (await c.assign(feat('c', { harbour: 2, spill: 2, acid: 1 }, 60))).story,
      first.story,
      'two months later',
    );
    assert.equal(
      (await c.assign(feat('d', { harbour: 2, spill: 2, acid: 1 }, null))).opened,
      false,
      'undated joins on text alone',
    );
  });
});

describe('story features', () => {
  test('terms drop stop words and fold inflections, per language', () => {
    assert.deepEqual(termsOf('The talks were held in Geneva', 'en'), ['talk', 'held', 'geneva']);
    assert.deepEqual(termsOf('Переговоры в Женеве', 'ru').length, 2);
    assert.ok(
      termsOf('停火谈判在日内瓦举行', 'zh').length >= 3,
      'text without spaces is segmented into words',
    );
    assert.deepEqual(termsOf('Les négociations à Genève', 'fr'), termsOf('les negociation a geneve', 'fr'));
  });

  test("a URL's path words count as text; ids, dates and file types do not", () => {
    assert.equal(
      urlWords('https://news.example/world/2024/05/12/ceasefire-talks-resume-in-geneva-a81f3.html?ref=rss'),
      'world ceasefire talks resume geneva',
    );
    assert.equal(
      urlWords(
        'https://example.ru/%D0%BC%D0%B8%D1%80/%D0%BF%D0%B5%D1%80%D0%B5%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%D1%8B',
      ),
      'мир переговоры',
    );
    assert.equal(
      urlWords('https://example.in/%E0%A4%B8%E0%A4%AE%E0%A4%BE%E0%A4%9A%E0%A4%BE%E0%A4%B0'),
      'समाचार',
      'combining marks stay in their word',
    );
    assert.equal(urlWords('not a url'), '');
    assert.equal(urlWords('https://example.com/bad%E0%A4%A-escape'), 'escape');
    const f = storyFeatures({
      id: 'x',
      title: 'Talks resume',
      text: 'Delegates met.',
      published: null,
      language: 'en',
      url: 'https://n.example/geneva-ceasefire',
    });
    assert.equal(f.terms.get('geneva'), 1);
    assert.equal(
      storyFeatures(
        {
          id: 'x',
          title: 'Talks resume',
          text: 'Delegates met.',
          published: null,
          language: 'en',
          url: 'https://n.example/geneva-ceasefire',
        },
        { titleWeight: 3, entityWeight: 1, bodyChars: 4000, urlWeight: 0 },
      ).terms.has('geneva'),
      false,
    );
  });

  test('title terms weigh more than body terms and entities count once per name', async () => {
    const [a] = await read([join(SAMPLE_CORPUS, 'northline-news', 'ceasefire-talks-open.txt')]);
    const f = storyFeatures(a!);
    assert.ok((f.terms.get('geneva') ?? 0) > (f.terms.get('delegation') ?? 0));
    assert.ok(
      f.terms.has('@northern liberation front') ||
        [...f.terms.keys()].some((k) => k.startsWith('@') && k.includes('nlf')),
      [...f.terms.keys()].filter((k) => k.startsWith('@')).join(', '),
    );
    assert.equal(f.time, Date.parse('2024-03-12'));
  });
});
