import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnalyzedArticle } from '../model/document.js';
import type { AnnotationRow } from '../model/annotations.js';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';
import { entitiesAcross, quotesBySpeaker } from './collection.js';

function rows(articles: AnalyzedArticle[], kind: 'quotes'): AnnotationRow<'quote'>[];
function rows(articles: AnalyzedArticle[], kind: 'entities'): AnnotationRow<'entity'>[];
function rows(articles: AnalyzedArticle[], kind: 'quotes' | 'entities'): AnnotationRow[] {
  return articles.flatMap((a) =>
    a[kind].map((item) => ({
      article: {
        id: a.id,
        externalId: null,
        title: a.title,
        outlet: a.outlet,
        published: a.published,
        source: a.source,
      },
      item,
    })),
  );
}

const one = {
  ...analyze(
    articleOf(
      'Harbour Minister Elena Sorel spoke on Monday. “The port will reopen within a week,” Sorel said. She added that the leak was contained.',
    ),
  ),
  id: 'a1',
  outlet: 'Harbour Courier',
};
const two = {
  ...analyze(
    articleOf(
      'The port stayed shut. “We need more time,” Sorel told reporters. Union leader Marco Vidal said the workers would strike.',
    ),
  ),
  id: 'a2',
  outlet: 'Valley Times',
};

test('quotations are grouped by resolved speaker, most quoted first, each cited to its span', () => {
  const groups = quotesBySpeaker(rows([one, two], 'quotes'));
  assert.equal(groups[0]!.speaker, 'Elena Sorel');
  assert.equal(groups[0]!.quotes.length, 3);
  assert.deepEqual(groups[0]!.outlets, ['Harbour Courier', 'Valley Times']);
  for (const g of groups)
    for (const q of g.quotes) {
      const text = (q.cite.articleId === 'a1' ? one : two).text;
      assert.equal(text.slice(q.cite.start, q.cite.end), q.text);
    }
});

test('entities merge across articles, a lone surname joining the one full name it ends', () => {
  const list = entitiesAcross(rows([one, two], 'entities'));
  const sorel = list.find((e) => e.name === 'Elena Sorel')!;
  assert.equal(sorel.articles, 2, JSON.stringify(list.map((e) => e.name)));
  assert.ok(!list.some((e) => e.name === 'Sorel'));
  assert.equal(sorel.cites.length, 2);
});

test('a name another article gives as an alias joins that entity (an acronym defined in one article, used bare in another)', () => {
  const a = {
    ...analyze(
      articleOf(
        'Fighters of the Northern Liberation Front (NLF) left the valley on Monday. The NLF said talks would resume.',
      ),
    ),
    id: 'b1',
    outlet: 'Harbour Courier',
  };
  const b = {
    ...analyze(articleOf('Talks resumed in Geneva. The NLF delegation arrived late, officials said.')),
    id: 'b2',
    outlet: 'Valley Times',
  };
  const list = entitiesAcross(rows([a, b], 'entities'));
  const front = list.find((e) => e.name === 'Northern Liberation Front')!;
  assert.ok(front, JSON.stringify(list.map((e) => e.name)));
  assert.equal(front.articles, 2, JSON.stringify(list.map((e) => [e.name, e.articles])));
  assert.ok(!list.some((e) => e.name === 'NLF'));
  assert.ok(front.aliases.includes('NLF'));
});

test('with the entities, a speaker named by an alias is grouped under the entity', () => {
  const a = {
    ...analyze(
      articleOf(
        'Fighters of the Northern Liberation Front (NLF) left the valley on Monday. “We will return,” the Northern Liberation Front said in a statement.',
      ),
    ),
    id: 'c1',
    outlet: 'Harbour Courier',
  };
  const b = {
    ...analyze(articleOf('Talks resumed in Geneva. “We want the detainees freed first,” the NLF said.')),
    id: 'c2',
    outlet: 'Valley Times',
  };
  const quotes = [...rows([a, b], 'quotes')];
  assert.ok(
    quotesBySpeaker(quotes).some((g) => g.speaker === 'NLF'),
    JSON.stringify(quotesBySpeaker(quotes).map((g) => g.speaker)),
  );
  const grouped = quotesBySpeaker(quotes, entitiesAcross(rows([a, b], 'entities')));
  const front = grouped.find((g) => g.speaker === 'Northern Liberation Front')!;
  assert.equal(front.quotes.length, 2, JSON.stringify(grouped.map((g) => [g.speaker, g.quotes.length])));
  assert.deepEqual(front.outlets, ['Harbour Courier', 'Valley Times']);
});

test('across a story: a shorter form of a full name and a lone surname join the one person; roles are kept', () => {
  const a = {
    ...analyze(articleOf('Finance Minister Ana L. Lindqvist presented the budget in the capital.')),
    id: 'c1',
    outlet: 'Harbour Courier',
  };
  const b = {
    ...analyze(articleOf('Ana Lindqvist defended the cuts. Lindqvist said the deficit would halve.')),
    id: 'c2',
    outlet: 'Valley Times',
  };
  const c = { ...analyze(articleOf('On the radio, Lindqvist spoke again.')), id: 'c3', outlet: 'Night Wire' };
  const list = entitiesAcross(rows([a, b, c], 'entities'));
  const people = list.filter((e) => e.aliases.includes('Lindqvist') || e.name.includes('Lindqvist'));
  assert.equal(people.length, 1, JSON.stringify(list.map((e) => e.name)));
  assert.equal(people[0]!.name, 'Ana L. Lindqvist');
  assert.equal(people[0]!.articles, 3);
  assert.deepEqual(people[0]!.roles, ['finance minister']);
});

test('across a story: a surname two people share stays apart, and a place never joins an organisation', () => {
  const a = {
    ...analyze(articleOf('Carla Brandt and Oskar Brandt ran the depot. The Bank of China lent money.')),
    id: 'd1',
    outlet: 'Harbour Courier',
  };
  const b = {
    ...analyze(articleOf('Brandt said the depot would close. China said it would help.')),
    id: 'd2',
    outlet: 'Valley Times',
  };
  const list = entitiesAcross(rows([a, b], 'entities'));
  assert.ok(list.some((e) => e.name === 'Brandt'));
  assert.equal(list.find((e) => e.name === 'China')?.type, 'place');
  assert.ok(!list.find((e) => e.name === 'Bank of China')?.aliases.includes('China'));
});

test('across a story: a short form of a given name joins the full form with the same surname, when only one fits', () => {
  const a = {
    ...analyze(articleOf('Radio reporter Steve Ardlow asked the mayor about the flooded tunnel.')),
    id: 'n1',
    outlet: 'Harbour Courier',
  };
  const b = {
    ...analyze(articleOf('The mayor told Steven Ardlow that the tunnel would reopen in May.')),
    id: 'n2',
    outlet: 'Valley Times',
  };
  const list = entitiesAcross(rows([a, b], 'entities'));
  const people = list.filter((e) => e.name.includes('Ardlow'));
  assert.deepEqual(
    people.map((e) => [e.name, e.articles]),
    [['Steven Ardlow', 2]],
  );
});

test('across a story: an organisation named after its country and the name without it are one, unless two countries share it', () => {
  const at = (text: string, id: string) => ({ ...analyze(articleOf(text)), id, outlet: id });
  const list = entitiesAcross(
    rows(
      [
        at('The U.S. Weather Service issued a flood warning for the coast.', 'e1'),
        at('The US Weather Service said rain would continue.', 'e2'),
        at('Forecasters at the Weather Service expect more storms.', 'e3'),
        at('The French Rail Authority and the Italian Rail Authority met in Turin.', 'e4'),
        at('Germany’s Rail Authority and Austria’s Rail Authority signed a deal.', 'e5'),
        at('The Rail Authority did not comment.', 'e6'),
      ],
      'entities',
    ),
  );
  const weather = list.filter((e) => /Weather Service/.test(e.name));
  assert.equal(weather.length, 1, JSON.stringify(weather.map((e) => e.name)));
  assert.equal(weather[0]!.articles, 3);
  const rail = list.find((e) => e.name === 'Rail Authority');
  assert.ok(rail, 'two countries prefix it: the bare name stays apart');
});
