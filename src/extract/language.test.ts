import assert from 'node:assert/strict';
import { test } from 'node:test';
import { franc } from 'franc';
import { analyze } from '../analyze/analyze.js';
import { contentId } from '../ingest/inputs.js';
import { languagesWithData } from '../util/language.js';
import { extract } from './extract.js';
import { detectLanguage } from './metadata.js';

const textDoc = (content: string, language?: string) =>
  extract({ source: 'story.txt', format: 'text', content, id: contentId(content), meta: { language } });

// Short English news sentences that franc, left to choose among all its languages, reads as Scots.
const READ_AS_SCOTS = [
  'Mayor Jane Holt is dropping her plan for a new stadium, Reuters reported Tuesday.',
  'Prices at the pump rose for the third week in a row, the auto club said Monday.',
  'The school board will vote on the new bus routes at its meeting next week.',
];

test('English that franc reads as Scots is English: detection chooses among languages sitrep knows', () => {
  for (const t of READ_AS_SCOTS) {
    assert.equal(franc(t, { minLength: 40 }), 'sco', `franc itself: ${t}`);
    assert.equal(detectLanguage(t)?.value, 'en', t);
    const a = analyze(textDoc(t));
    assert.equal(a.language, 'en');
    assert.ok(a.dates.length > 0, t);
    assert.deepEqual(a.warnings, [], t);
  }
});

test('the languages sitrep has data for include English and exclude Scots', () => {
  const langs = languagesWithData();
  assert.ok(langs.has('en') && langs.has('de'));
  assert.ok(!langs.has('sco'));
});

test('a text in a language sitrep has no data for is left undetermined, not mislabelled', () => {
  const swedish =
    'Stadsfullmäktige beslutade i måndags att hålla biblioteket öppet ytterligare ett år, meddelade kommunens talesperson.';
  assert.equal(detectLanguage(swedish), null);
  assert.equal(textDoc(swedish).language, null);
  // …unless the input declares it: the declared language is a candidate and wins.
  assert.equal(detectLanguage(swedish, 'sv')?.value, 'sv');
  assert.equal(textDoc(swedish, 'sv').language, 'sv');
});

test('German is still detected by its words', () => {
  const german =
    'Der Stadtrat hat am Montag beschlossen, die Bibliothek ein weiteres Jahr offen zu halten, wie die Sprecherin mitteilte.';
  assert.equal(detectLanguage(german)?.value, 'de');
});

test('each analyzer that cannot run for an article language says so', () => {
  // Turkish: no entity words, speech cues, date words, chrono locale, number words or framing terms.
  const a = analyze(
    textDoc(
      'Belediye meclisi pazartesi günü kütüphanenin bir yıl daha açık kalmasına karar verdi, dedi sözcü.',
      'tr',
    ),
  );
  assert.equal(a.language, 'tr');
  assert.deepEqual(
    a.warnings.filter((w) => w.code === 'unsupported-language').map((w) => w.analyzer),
    ['entities', 'dates', 'quotes', 'figures', 'framing'],
  );
  assert.ok(a.warnings.every((w) => w.message.includes('"tr"')));
  assert.deepEqual(a.dates, []);
  assert.deepEqual(a.quotes, []);
});
