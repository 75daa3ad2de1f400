import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { articleOf } from '../../testing/fixtures.js';
import { createContext } from '../context.js';
import { sentencesAnalyzer } from '../sentences.js';
import { Clusters, exchangeClusters } from './clusters.js';
import { readConllu } from './conllu.js';
import { parse, SyntaxModelError, readModel, defaultModel, syntaxAnalyzer } from './index.js';
import { lemmatize } from './lemma.js';
import { f2, f3, hashString } from './hash.js';
import { encodeModel, modelFromBinary, modelFromJSON } from './model.js';
import { isProjective, projectivize } from './parser.js';
import { Features, Perceptron } from './perceptron.js';
import { tokenize } from './tokenize.js';
import { trainModel } from './train.js';

test('token offsets match the text on quotes, clitics, abbreviations, numbers and non-ASCII', () => {
  const text =
    '“We won’t sign,” said Mr. O’Neill of the U.S. delegation, who can’t attend the 3.5-hour talks on 1,000 jobs in Zürich... She’s gonna re-elect Ana-María.';
  const tokens = tokenize(text);
  for (const t of tokens) assert.equal(text.slice(t.start, t.end), t.text);
  const words = tokens.map((t) => t.text);
  for (const w of [
    '“',
    'wo',
    'n’t',
    'Mr.',
    'O’Neill',
    'U.S.',
    'ca',
    '3.5',
    '1,000',
    'Zürich',
    '...',
    'She',
    '’s',
  ])
    assert.ok(words.includes(w), `missing ${w} in ${words.join(' ')}`);
  assert.ok(words.includes('gon') && words.includes('na') && words.includes('re-elect'));
  assert.deepEqual(words.slice(-4), ['Ana', '-', 'María', '.']);
});

test('a sentence span inside a longer text keeps article offsets', () => {
  const text = 'First line.\nThe agency didn’t say (yet) why: “No comment.”';
  const start = text.indexOf('The');
  const tokens = tokenize(text, start, text.length);
  assert.equal(tokens[0]!.start, start);
  for (const t of tokens) assert.equal(text.slice(t.start, t.end), t.text);
  assert.deepEqual(
    tokens.map((t) => t.text),
    ['The', 'agency', 'did', 'n’t', 'say', '(', 'yet', ')', 'why', ':', '“', 'No', 'comment', '.', '”'],
  );
});

test('the shipped model loads and parses subject, root and complement clause', () => {
  const text = 'The minister said on Tuesday that talks would resume.';
  const [s] = parse(text, [{ start: 0, end: text.length }]);
  const tok = (w: string) => s!.tokens.findIndex((t) => t.text === w);
  const root = s!.tokens.find((t) => t.head === -1)!;
  assert.equal(root.text, 'said');
  assert.equal(root.deprel, 'root');
  assert.equal(s!.tokens[tok('minister')]!.head, tok('said'));
  assert.equal(s!.tokens[tok('minister')]!.deprel, 'nsubj');
  assert.equal(s!.tokens[tok('resume')]!.head, tok('said'));
  assert.equal(s!.tokens[tok('resume')]!.deprel, 'ccomp');
  assert.equal(s!.tokens[tok('said')]!.lemma, 'say');
  assert.equal(s!.tokens[tok('talks')]!.lemma, 'talk');
  assert.equal(s!.tokens[tok('minister')]!.upos, 'NOUN');
  assert.equal(s!.tokens[tok('said')]!.xpos, 'VBD');
  assert.ok(defaultModel().meta.treebank);
});

test('a missing model file is a typed error naming the path', () => {
  assert.throws(() => readModel('/nonexistent/syntax.json.gz'), SyntaxModelError);
  assert.throws(() => readModel('/nonexistent/syntax.json.gz'), /nonexistent/);
});

test('lemmas of regular and irregular nouns and verbs', () => {
  assert.equal(lemmatize('Women', 'NOUN'), 'woman');
  assert.equal(lemmatize('policies', 'NOUN'), 'policy');
  assert.equal(lemmatize('told', 'VERB'), 'tell');
  assert.equal(lemmatize('stopped', 'VERB'), 'stop');
  assert.equal(lemmatize('located', 'VERB'), 'locate');
  assert.equal(lemmatize('walking', 'VERB'), 'walk');
  // A base form that ends like an inflection keeps its letters when the Penn tag says it is a base form.
  assert.equal(lemmatize('need', 'VERB', 'VBP'), 'need');
  assert.equal(lemmatize('proceed', 'VERB', 'VB'), 'proceed');
  assert.equal(lemmatize('agreed', 'VERB', 'VBD'), 'agree');
  assert.equal(lemmatize('are', 'AUX', 'VBP'), 'be');
  assert.equal(lemmatize('Lindqvist', 'PROPN'), 'Lindqvist');
});

// A tiny original treebank, enough to run the trainer end to end.
const TINY = `# text = The mayor said the bridge will reopen.
1	The	the	DET	DT	_	2	det	_	_
2	mayor	mayor	NOUN	NN	_	3	nsubj	_	_
3	said	say	VERB	VBD	_	0	root	_	_
4	the	the	DET	DT	_	5	det	_	_
5	bridge	bridge	NOUN	NN	_	7	nsubj	_	_
6	will	will	AUX	MD	_	7	aux	_	_
7	reopen	reopen	VERB	VB	_	3	ccomp	_	SpaceAfter=No
8	.	.	PUNCT	.	_	3	punct	_	_

# text = Residents don't like the new tolls.
1-2	don't	_	_	_	_	_	_	_	_
1	Residents	resident	NOUN	NNS	_	4	nsubj	_	_
2	do	do	AUX	VBP	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	like	like	VERB	VB	_	0	root	_	_
5	the	the	DET	DT	_	7	det	_	_
6	new	new	ADJ	JJ	_	7	amod	_	_
7	tolls	toll	NOUN	NNS	_	4	obj	_	SpaceAfter=No
8	.	.	PUNCT	.	_	4	punct	_	_

# text = She was elected by the council in May.
1	She	she	PRON	PRP	_	3	nsubj:pass	_	_
2	was	be	AUX	VBD	_	3	aux:pass	_	_
3	elected	elect	VERB	VBN	_	0	root	_	_
4	by	by	ADP	IN	_	6	case	_	_
5	the	the	DET	DT	_	6	det	_	_
6	council	council	NOUN	NN	_	3	obl:agent	_	_
7	in	in	ADP	IN	_	8	case	_	_
8	May	May	PROPN	NNP	_	3	obl	_	SpaceAfter=No
9	.	.	PUNCT	.	_	3	punct	_	_
`;

test('the trainer runs end to end on a tiny treebank and is deterministic given a seed', () => {
  const sentences = readConllu(TINY, 'tiny');
  assert.equal(sentences.length, 3);
  assert.equal(sentences[1]!.tokens[0]!.form, "don't");
  const options = { seed: 7, taggerIterations: 3, parserIterations: 3, folds: 2 };
  const a = trainModel(sentences, options);
  const b = trainModel(sentences, options);
  assert.deepEqual(a, b);
  const model = modelFromJSON(a);
  const text = 'The mayor said the bridge will reopen.';
  const [s] = parse(text, [{ start: 0, end: text.length }], model);
  assert.equal(s!.tokens.length, 8);
  assert.equal(s!.tokens.filter((t) => t.head === -1).length, 1);
  assert.ok(s!.tokens.every((t) => t.xpos !== undefined));
});

test('the binary model form parses exactly as the JSON form it was converted from', () => {
  const sentences = readConllu(TINY, 'tiny');
  const json = trainModel(sentences, { seed: 3, taggerIterations: 2, parserIterations: 2 });
  const fromJson = modelFromJSON(json);
  const bytes = gunzipSync(encodeModel(json));
  const fromBinary = modelFromBinary(bytes);
  assert.deepEqual(fromBinary.meta, JSON.parse(JSON.stringify(json.meta)));
  const text = 'The council said the new bridge will reopen in May. Residents do not like it.';
  const spans = [
    { start: 0, end: 51 },
    { start: 52, end: text.length },
  ];
  assert.deepEqual(parse(text, spans, fromBinary), parse(text, spans, fromJson));
  assert.throws(() => modelFromBinary(bytes.subarray(0, bytes.length - 1)), SyntaxModelError);
  assert.throws(() => modelFromBinary(Buffer.from(JSON.stringify(json))), SyntaxModelError);
});

test('a frozen table finds every key of a crowded run and none that is absent', () => {
  // Keys sharing their top bits pile up in one run; the lookup walks the run in key order.
  const keys = new Uint32Array([0x10000001, 0x10000002, 0x10000005, 0x10000007, 0x20000000, 0xffffffff]);
  const weights = new Int16Array(keys.length * 2).map((_, i) => i + 1);
  const p = Perceptron.fromTables({ classes: 2, keys, weights, scale: 0.5 });
  assert.equal(p.rows, keys.length);
  keys.forEach((key, k) => {
    const out = new Float64Array(2);
    p.score(new Uint32Array([key]), 1, out);
    assert.deepEqual([...out], [(2 * k + 1) / 2, (2 * k + 2) / 2], `key ${key.toString(16)}`);
  });
  for (const absent of [0x10000003, 0x10000008, 0x1fffffff, 0x30000000, 0xfffffffe, 1]) {
    const out = new Float64Array(2);
    p.score(new Uint32Array([absent]), 1, out);
    assert.deepEqual([...out], [0, 0], `key ${absent.toString(16)}`);
  }
});

test('feature keys depend on the order of their parts and are never 0 (the empty-slot mark)', () => {
  const [a, b] = [hashString('mayor'), hashString('said')];
  assert.notEqual(f2(1, a, b), f2(1, b, a));
  assert.notEqual(f2(1, a, b), f2(2, a, b));
  assert.notEqual(f3(1, a, b, 3), f3(1, a, b, 4));
  for (let t = 0; t < 1000; t++) assert.notEqual(f2(t, t, t), 0);
});

test('the perceptron learns, averages, and scores the same after a round trip through JSON', () => {
  const p = new Perceptron(3, 4);
  const feats = new Features(8);
  const example = (keys: number[]): Features => {
    feats.n = 0;
    for (const k of keys) feats.push(k);
    return feats;
  };
  // Far more features than the initial capacity, so the table has to grow and rehash.
  for (let round = 0; round < 5; round++)
    for (let k = 1; k <= 200; k++) {
      const f = example([f2(0, k, 0), f2(1, k % 7, 0)]);
      const scores = new Float64Array(3);
      p.score(f.keys, f.n, scores);
      const guess = scores.indexOf(Math.max(...scores));
      p.update(k % 3, guess, f.keys, f.n);
    }
  // A copy taken at the end of training holds the same averages, and leaves the original still training.
  const copy = p.averagedCopy();
  assert.equal(copy.rows, p.rows);
  p.average();
  const before = [5, 77, 150].map((k) => {
    const f = example([f2(0, k, 0), f2(1, k % 7, 0), f2(9, 9, 9)]);
    const out = new Float64Array(3);
    p.score(f.keys, f.n, out);
    return out;
  });
  for (const [i, k] of [5, 77, 150].entries())
    assert.equal(before[i]!.indexOf(Math.max(...before[i]!)), k % 3);
  const q = Perceptron.fromJSON(JSON.parse(JSON.stringify(p.toJSON())) as ReturnType<Perceptron['toJSON']>);
  assert.equal(q.rows, p.rows);
  [5, 77, 150].forEach((k, i) => {
    const f = example([f2(0, k, 0), f2(1, k % 7, 0), f2(9, 9, 9)]);
    const out = new Float64Array(3);
    q.score(f.keys, f.n, out);
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(out[c]! - before[i]![c]!) < 1e-3, `class ${c} of ${k}`);
    const fromCopy = new Float64Array(3);
    copy.score(f.keys, f.n, fromCopy);
    assert.equal(fromCopy.indexOf(Math.max(...fromCopy)), k % 3);
  });
});

test('a crossing tree is lifted to the nearest projective one, so the parser can learn from it', () => {
  // "A meeting was held yesterday about the budget": "budget" belongs to "meeting" across "held".
  const heads = [1, 3, 3, -1, 3, 7, 7, 1];
  assert.equal(isProjective(heads), false);
  const lifted = projectivize(heads)!;
  assert.deepEqual(lifted, [1, 3, 3, -1, 3, 7, 7, 3]);
  assert.equal(isProjective(lifted), true);
  // A projective tree stays as it is.
  assert.deepEqual(projectivize([1, -1, 3, 1, 1]), [1, -1, 3, 1, 1]);
});

test('with held-out sentences the trainer keeps the parser of its best iteration', () => {
  const sentences = readConllu(TINY, 'tiny');
  const options = { seed: 3, taggerIterations: 2, parserIterations: 4, folds: 1, dev: sentences.slice(0, 1) };
  const a = trainModel(sentences, options);
  assert.deepEqual(a, trainModel(sentences, options));
  const kept = a.meta.bestParserIteration as number;
  assert.ok(kept >= 1 && kept <= 4);
});

test('projectivity: crossing arcs are told apart from nested ones', () => {
  // "She saw the man yesterday who left": the relative clause crosses "yesterday"'s arc.
  assert.equal(isProjective([1, -1, 3, 1, 1, 6, 3]), false);
  assert.equal(isProjective([1, -1, 3, 1, 1]), true);
});

test('a malformed CoNLL-U line is an error naming the source and line', () => {
  assert.throws(() => readConllu('1\tThe\tthe\n', 'bad.conllu'), /bad\.conllu:1/);
});

test('the analyzer parses English sentences and warns, without parsing, on other languages', () => {
  const en = createContext(articleOf('Officials confirmed the plan. Critics disagreed.'));
  sentencesAnalyzer.run(en);
  syntaxAnalyzer.run(en);
  assert.equal(syntaxAnalyzer.syntaxOf(en)?.length, 2);
  assert.equal(en.warnings.length, 0);
  const de = createContext(articleOf('Die Regierung hat den Plan bestätigt.', null, 'de'));
  sentencesAnalyzer.run(de);
  syntaxAnalyzer.run(de);
  assert.equal(syntaxAnalyzer.syntaxOf(de), undefined);
  assert.equal(de.warnings[0]?.code, 'unsupported-language');
});

test('word clusters put words of the same contexts together, deterministically', () => {
  const people = ['anna', 'boris', 'chen', 'dara'];
  const foods = ['bread', 'rice', 'soup', 'plums'];
  const verbs = ['eats', 'cooks', 'buys'];
  const sentences: string[][] = [];
  for (const p of people) for (const v of verbs) for (const f of foods) sentences.push([p, v, f, '.']);
  const a = exchangeClusters(sentences, { classes: 5 });
  assert.deepEqual(a, exchangeClusters(sentences, { classes: 5 }));
  const classOf = (words: string[]): Set<number> => new Set(words.map((w) => a.get(w)!));
  for (const group of [people, foods, verbs]) assert.equal(classOf(group).size, 1, group.join(' '));
  assert.equal(classOf([people[0]!, foods[0]!, verbs[0]!]).size, 3);
  const clusters = Clusters.fromJSON(Clusters.train(sentences, { fine: 4, coarse: 2 }).toJSON());
  assert.equal(clusters.fine('anna'), clusters.fine('dara'));
  assert.notEqual(clusters.fine('anna'), clusters.fine('rice'));
  assert.equal(clusters.fine('unseen'), 0);
});
