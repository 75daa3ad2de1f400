import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';

const quotes = (text: string) => analyze(articleOf(text)).quotes.map((q) => ({ kind: q.kind, text: q.text, source: q.source?.text ?? null, speaker: q.speaker, cue: q.cue?.text ?? null }));

test('direct quote, cue after: “…,” Name said', () => {
  const [q] = quotes('Harbour Minister Elena Sorel spoke to the press. “The port will reopen within a week,” Sorel said.');
  assert.deepEqual(q, { kind: 'direct', text: 'The port will reopen within a week,', source: 'Sorel', speaker: 'Elena Sorel', cue: 'said' });
});

test('direct quote, inverted cue and dash: “…”, – said the minister', () => {
  const qs = quotes('Harbour Minister Elena Sorel arrived on Monday. “We will not be rushed by anyone”, – said the minister.');
  assert.equal(qs[0]!.speaker, 'Elena Sorel');
  assert.equal(qs[0]!.source, 'the minister');
});

test('pronouns resolve to the person being quoted', () => {
  const qs = quotes('Union leader Marco Vidal addressed the strikers. “We are ready to talk tonight,” he said. “But we will not go back without a deal.”');
  assert.deepEqual(qs.map((q) => [q.source, q.speaker]), [
    ['he', 'Marco Vidal'],
    [null, 'Marco Vidal'],
  ]);
});

test('role nouns resolve through the role the text gave the person', () => {
  const qs = quotes('Veranian President Ilse Varga met the delegation. Later the Veranian leader said the talks had been useful. “There is still much to do,” the president said.');
  assert.ok(qs.every((q) => q.speaker === 'Ilse Varga'), JSON.stringify(qs));
});

test('colon-introduced quotation', () => {
  const [q] = quotes('Mayor Jonas Hart was blunt: “Nobody leaves until the water is safe.”');
  assert.equal(q!.kind, 'direct');
  assert.equal(q!.speaker, 'Jonas Hart');
});

test('indirect: Name said that …; …, Name said; according to …', () => {
  const qs = quotes(
    'Mayor Jonas Hart said on Tuesday that the bridge would stay closed until May. The repairs will cost more than planned, the city engineer Ada Moss told reporters. According to the transport office, traffic has doubled on the ring road.',
  );
  assert.deepEqual(
    qs.map((q) => [q.kind, q.text, q.speaker]),
    [
      ['indirect', 'the bridge would stay closed until May', 'Jonas Hart'],
      ['indirect', 'The repairs will cost more than planned', 'Ada Moss'],
      ['indirect', 'traffic has doubled on the ring road', null],
    ],
  );
  assert.equal(qs[2]!.source, 'the transport office');
});

test('mixed: a reported clause holding a quoted fragment', () => {
  const [q] = quotes('Judge Rosa Lind noted that the ruling was "final and binding on all parties" and closed the hearing.');
  assert.equal(q!.kind, 'mixed');
  assert.match(q!.text, /^the ruling was "final and binding on all parties"/);
  assert.equal(q!.speaker, 'Rosa Lind');
});

test('headline form "Name: claim"', () => {
  const [q] = quotes('Vidal: strike will go on until wages rise\n\nUnion leader Marco Vidal spoke at the gate.');
  assert.deepEqual([q!.kind, q!.text, q!.speaker], ['headline', 'strike will go on until wages rise', 'Marco Vidal']);
});

test('an unresolvable speaker stays unresolved rather than guessed', () => {
  const [q] = quotes('“Prices will rise again,” a trader said.');
  assert.equal(q!.speaker, null);
  assert.equal(q!.source, 'a trader');
});

test('unbalanced quotation marks end at the paragraph and never cross it', () => {
  const text = '“This quote never closes, the spokesman said\n\nA new paragraph with “another one” here.';
  const a = analyze(articleOf(text));
  for (const q of a.quotes) assert.ok(!q.text.includes('\n'));
});

test('many quotes and no punctuation stay bounded', () => {
  const many = Array.from({ length: 3000 }, (_, i) => `“Line ${i} of the statement,” she said.`).join(' ');
  const a = analyze(articleOf(`Spokeswoman Lia Park spoke. ${many}`));
  assert.equal(a.quotes.length, 3000);
  const noPunct = analyze(articleOf('word '.repeat(20000)));
  assert.equal(noPunct.quotes.length, 0);
});

test('a cue right before the mark introduces a quotation however short; a fragment inside a clause does not', () => {
  const qs = quotes('Mayor Ines Calder opened the meeting. As she left, a protester yelled “Resign!” The mayor said “not today.”');
  assert.deepEqual(qs.filter((q) => q.kind === 'direct').map((q) => q.text), ['Resign!', 'not today.']);
  const mixed = quotes('Mayor Ines Calder spoke on Monday. She said that the inquiry had found “serious failings” in the port authority.');
  assert.deepEqual(mixed.map((q) => q.kind), ['mixed']);
});

test('a clause that opens with a quotation and goes on is a mixed quote', () => {
  const qs = quotes('Mayor Ines Calder spoke on Monday. Calder said “it makes me angry” every time the sirens sound at night.');
  assert.equal(qs.length, 1);
  assert.equal(qs[0]!.kind, 'mixed');
  assert.equal(qs[0]!.speaker, 'Ines Calder');
});

test('abbreviated titles stay part of the speaker phrase', () => {
  const qs = quotes('The hearing ran late. Harbour Sen. Ines Calder says the port is “unsafe” for tankers.');
  assert.equal(qs[0]?.source, 'Harbour Sen. Ines Calder');
  assert.equal(qs[0]?.speaker, 'Ines Calder');
});

test('a participle cue after a comma reports for the speaker of the cue before it', () => {
  const qs = quotes('Mayor Ines Calder spoke on Monday. “We were not warned in time,” she noted, adding that the port authority had known for weeks.');
  const added = qs.find((q) => q.text.startsWith('the port authority'));
  assert.equal(added?.speaker, 'Ines Calder');
  assert.equal(added?.cue, 'adding');
});

test('"said on Friday he met …" skips the time, and "that" far after the cue is not the clause', () => {
  const a = quotes('Donor Sam Vell said on Friday he met the candidate earlier this week.');
  assert.equal(a[0]?.text, 'he met the candidate earlier this week');
  const b = quotes('Ryan Cole said Obama has never respected the right to gun ownership that the country has valued.');
  assert.equal(b[0]?.text, 'Obama has never respected the right to gun ownership that the country has valued');
});
