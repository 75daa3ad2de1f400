import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentId } from '../ingest/inputs.js';
import { extract } from './extract.js';
import { furnitureRule, readsAsSentence } from './furniture.js';
import { cleanPlainText } from './text.js';

const textDoc = (content: string) =>
  extract({ source: 'story.txt', format: 'text', content, id: contentId(content), meta: {} });

test('a sentence that names a news agency is the article, not a photo credit', () => {
  for (const line of [
    'The stadium plan is off, Reuters reported Tuesday.',
    'Mayor Jane Holt is dropping her plan for a new stadium, Reuters reported Tuesday…',
    'AFP counted nine boats in the harbour.',
    'Reuters reported it first.',
    'Der Plan ist vom Tisch, berichtete dpa.',
  ])
    assert.equal(furnitureRule(line), null, line);
  for (const line of [
    'Augusta National/Getty Images',
    'AFP / MARCO BERTORELLO',
    'REUTERS/Kevin Lamarque/File Photo',
    'Jim Watson/AFP via Getty Images.',
    'Photo: Reuters',
  ])
    assert.ok(furnitureRule(line), line);
});

test('readsAsSentence: closing punctuation, and several words of running text or a verb', () => {
  assert.ok(readsAsSentence('The ferry sailed at dawn.'));
  assert.ok(readsAsSentence('“We will rebuild,” she said.”'));
  assert.ok(readsAsSentence('Police said so.'));
  assert.ok(readsAsSentence('市议会周二投票通过了新的预算方案。')); // no spaces, no case: words by segmentation
  assert.ok(!readsAsSentence('The ferry sailed at dawn'));
  assert.ok(!readsAsSentence('Getty Images / AFP / Reuters.'));
});

test('a call to the reader opens a line or sentence; the same words inside a sentence stay', () => {
  assert.equal(furnitureRule('Follow us on Twitter for updates'), 'social-call-to-action');
  assert.equal(furnitureRule('We have 2 million followers on Facebook. Join them!'), 'social-call-to-action');
  assert.equal(furnitureRule('“Follow Ada Moss on Twitter @adamoss.”'), 'social-call-to-action');
  assert.equal(
    furnitureRule('“The cast were lovely and I got to join them for a song,” one visitor said.'),
    null,
  );
  assert.equal(furnitureRule('The senator, who has 3 million followers on X, spoke first.'), null);
});

test('contributor credits that read as sentences are still page furniture', () => {
  assert.equal(furnitureRule('Lena Park contributed reporting.'), 'known-credits');
  assert.equal(furnitureRule('Reuters contributed to this report.'), 'known-credits');
});

test('the only line of an input, a sentence naming an agency, is an article', () => {
  const a = textDoc('The stadium plan is off, Reuters reported Tuesday.\n');
  assert.equal(a.text, 'The stadium plan is off, Reuters reported Tuesday.');
  assert.deepEqual(a.removed, []);
});

test('every removed line is recorded with its rule and its span in the raw input', () => {
  const raw =
    'Ferry service resumes\n\n  Boats left Lowmoor harbour at dawn on Monday, Reuters reported.\n' +
    'AFP / Getty Images\n\nRead more\nThe harbour master said the crossing took an hour.\n';
  const clean = cleanPlainText(raw);
  assert.deepEqual(
    clean.removed.map((r) => r.rule),
    ['photo-credit', 'read-more'],
  );
  for (const r of clean.removed) assert.equal(raw.slice(r.start, r.end), r.text);
  const a = textDoc(raw);
  assert.deepEqual(a.removed, clean.removed);
  assert.ok(a.text.includes('Reuters reported.'));
});

test('an input whose every line is furniture is refused, naming the input and the rules', () => {
  assert.throws(
    () => textDoc('Getty Images / AFP\nRead more\n'),
    /story\.txt: no article text found \(every line was removed as page furniture: photo-credit, read-more\)/,
  );
});
