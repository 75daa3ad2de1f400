import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';
import { quoteLexicon } from './quotes/lexicon.js';
import { SentenceParses, reportedOnParse } from './quotes/parsed.js';

const quotes = (text: string) =>
  analyze(articleOf(text)).quotes.map((q) => ({
    kind: q.kind,
    text: q.text,
    source: q.source?.text ?? null,
    speaker: q.speaker,
    cue: q.cue?.text ?? null,
  }));

test('direct quote, cue after: “…,” Name said', () => {
  const [q] = quotes(
    'Harbour Minister Elena Sorel spoke to the press. “The port will reopen within a week,” Sorel said.',
  );
  assert.deepEqual(q, {
    kind: 'direct',
    text: 'The port will reopen within a week',
    source: 'Sorel',
    speaker: 'Elena Sorel',
    cue: 'said',
  });
});

test('direct quote, inverted cue and dash: “…”, – said the minister', () => {
  const qs = quotes(
    'Harbour Minister Elena Sorel arrived on Monday. “We will not be rushed by anyone”, – said the minister.',
  );
  assert.equal(qs[0]!.speaker, 'Elena Sorel');
  assert.equal(qs[0]!.source, 'the minister');
});

test('pronouns resolve to the person being quoted', () => {
  const qs = quotes(
    'Union leader Marco Vidal addressed the strikers. “We are ready to talk tonight,” he said. “But we will not go back without a deal.”',
  );
  assert.deepEqual(
    qs.map((q) => [q.source, q.speaker]),
    [
      ['he', 'Marco Vidal'],
      [null, 'Marco Vidal'],
    ],
  );
});

test('role nouns resolve through the role the text gave the person', () => {
  const qs = quotes(
    'Veranian President Ilse Varga met the delegation. Later the Veranian leader said the talks had been useful. “There is still much to do,” the president said.',
  );
  assert.ok(
    qs.every((q) => q.speaker === 'Ilse Varga'),
    JSON.stringify(qs),
  );
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

test('a phrase setting the scene before the speaker is not what was said; a clause is', () => {
  const qs = quotes(
    'At a town meeting, Councillor Ines Varga vowed to "fight this levy to the end." Speaking outside the court, Tomas Lind said "we will appeal." Fares will rise by a tenth, the transit board said.',
  );
  assert.deepEqual(
    qs.map((q) => [q.kind, q.text]),
    [
      ['mixed', 'to "fight this levy to the end."'],
      ['direct', 'we will appeal.'],
      ['indirect', 'Fares will rise by a tenth'],
    ],
  );
});

test('a reported clause ends before the attribution of the report it came in', () => {
  const qs = quotes(
    'Officials said an early inquiry found no sign of wrongdoing, the regional newspaper Harbour Daily reported. The mayor blamed the council for “saying this, then doing that,” aides said.',
  );
  assert.equal(qs[0]!.text, 'an early inquiry found no sign of wrongdoing');
  assert.equal(qs[0]!.source, 'Officials');
  assert.ok(qs.some((q) => q.text.includes('“saying this, then doing that,”')));
});

test('a description of a person never stands for a group that spoke before', () => {
  const qs = quotes('Engineers said the dam was sound. The mayor said the council had caused the delay.');
  assert.equal(qs[1]!.source, 'The mayor');
  assert.equal(qs[1]!.speaker, null);
});

test('mixed: a reported clause holding a quoted fragment', () => {
  const [q] = quotes(
    'Judge Rosa Lind noted that the ruling was "final and binding on all parties" and closed the hearing.',
  );
  assert.equal(q!.kind, 'mixed');
  assert.match(q!.text, /^the ruling was "final and binding on all parties"/);
  assert.equal(q!.speaker, 'Rosa Lind');
});

test('headline form "Name: claim"', () => {
  const [q] = quotes(
    'Vidal: strike will go on until wages rise\n\nUnion leader Marco Vidal spoke at the gate.',
  );
  assert.deepEqual(
    [q!.kind, q!.text, q!.speaker],
    ['headline', 'strike will go on until wages rise', 'Marco Vidal'],
  );
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
  const qs = quotes(
    'Mayor Ines Calder opened the meeting. As she left, a protester yelled “Resign!” The mayor said “not today.”',
  );
  assert.deepEqual(
    qs.filter((q) => q.kind === 'direct').map((q) => q.text),
    ['Resign!', 'not today.'],
  );
  const mixed = quotes(
    'Mayor Ines Calder spoke on Monday. She said that the inquiry had found “serious failings” in the port authority.',
  );
  assert.deepEqual(
    mixed.map((q) => q.kind),
    ['mixed'],
  );
});

test('a clause that opens with a quotation and goes on is a mixed quote', () => {
  const qs = quotes(
    'Mayor Ines Calder spoke on Monday. Calder said “it makes me angry” every time the sirens sound at night.',
  );
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
  const qs = quotes(
    'Mayor Ines Calder spoke on Monday. “We were not warned in time,” she noted, adding that the port authority had known for weeks.',
  );
  const added = qs.find((q) => q.text.startsWith('the port authority'));
  assert.equal(added?.speaker, 'Ines Calder');
  assert.equal(added?.cue, 'adding');
});

test('"said on Friday he met …" skips the time, and "that" far after the cue is not the clause', () => {
  const a = quotes('Donor Sam Vell said on Friday he met the candidate earlier this week.');
  assert.equal(a[0]?.text, 'he met the candidate earlier this week');
  const b = quotes(
    'Ryan Cole said Obama has never respected the right to gun ownership that the country has valued.',
  );
  assert.equal(
    b[0]?.text,
    'Obama has never respected the right to gun ownership that the country has valued',
  );
});

test("two-apostrophe quotation marks (''…'') of archive text are quotation marks, spans kept", () => {
  const text = "Port director Hana Ilves spoke at the pier. ''The cranes will be back by June,'' she said.";
  const [q] = quotes(text);
  assert.equal(q!.kind, 'direct');
  assert.equal(q!.text, 'The cranes will be back by June');
  assert.equal(q!.speaker, 'Hana Ilves');
});

test('mixed quotes found from their fragment: naming and other verbs with a speaker before them', () => {
  const qs = quotes(
    'Senator Idris Cole called the budget “a slow-motion disaster.” Later, Cole accused the treasurer of “hiding the real numbers.”',
  );
  assert.deepEqual(
    qs.map((q) => [q.kind, q.text, q.speaker, q.cue]),
    [
      ['mixed', 'the budget “a slow-motion disaster.”', 'Idris Cole', 'called'],
      ['mixed', 'the treasurer of “hiding the real numbers.”', 'Idris Cole', 'accused'],
    ],
  );
});

test('a title in quotation marks is not a quotation', () => {
  const qs = quotes('Governor Alma Ruiz appeared on “Morning Round Table” on Sunday.');
  assert.deepEqual(qs, []);
});

test('a mixed clause ends before what the writer adds after its fragment', () => {
  const [q] = quotes(
    'Mayor Jonas Hart said the repairs were “nearly done,” referring to the northern span, which reopens in May.',
  );
  assert.equal(q!.text, 'the repairs were “nearly done,”');
  const [r] = quotes('Mayor Jonas Hart called the report “unfair” and walked out of the meeting.');
  assert.equal(r!.text, 'the report “unfair”');
});

test('a sentence closed by its attribution wins over an earlier cue; a fragment before “he stressed”', () => {
  const [q] = quotes(
    'Northland hopes that the new treaty will end the dispute, says Northland Premier Tove Lind.',
  );
  assert.equal(q!.speaker, 'Tove Lind');
  assert.equal(q!.text, 'Northland hopes that the new treaty will end the dispute');
  const qs = quotes(
    'Premier Tove Lind visited the dam. The inspections “were thorough and honest,” she stressed.',
  );
  assert.equal(qs[0]!.text, 'The inspections “were thorough and honest,”');
  assert.equal(qs[0]!.speaker, 'Tove Lind');
});

test('speakers behind set-off phrases, parentheses, coordination and quantities', () => {
  const qs = quotes(
    [
      'Ada Moss, who runs the ferry company, said the timetable would change in March.',
      'Senator Idris Cole (Green) told reporters on Monday that he would vote against the bill.',
      'Mayor Jonas Hart toured the flooded district and said the army would help with the cleanup.',
      'On Sunday, former governor Alma Ruiz said the state had waited too long.',
      'Six in 10 say the harbour should stay public.',
    ].join('\n\n'),
  );
  assert.deepEqual(
    qs.map((q) => [q.source, q.text]),
    [
      ['Ada Moss', 'the timetable would change in March'],
      ['Senator Idris Cole (Green)', 'he would vote against the bill'],
      ['Mayor Jonas Hart', 'the army would help with the cleanup'],
      ['former governor Alma Ruiz', 'the state had waited too long'],
      ['Six in 10', 'the harbour should stay public'],
    ],
  );
});

test("'she' resolves to a woman and 'he' to a man where the text shows it", () => {
  const qs = quotes(
    'Minister Peter Vance met Mayor Laura Chen at the port. She said the harbour would reopen on Friday. He said the ferries would wait.',
  );
  assert.deepEqual(
    qs.map((q) => q.speaker),
    ['Laura Chen', 'Peter Vance'],
  );
});

test('an attribution set off inside its clause', () => {
  const [q] = quotes(
    'Minister Peter Vance opened the new school. This building, he said, is only the first of ten.',
  );
  assert.equal(q!.speaker, 'Peter Vance');
  assert.equal(q!.text, 'This building, he said, is only the first of ten');
});

test('speakers after the quotation: a signing dash, a parenthesis, appositions before the cue', () => {
  const qs = quotes(
    [
      '“The river has never been this low.” ― Marta Oyelaran',
      '“We need the bridge by winter,” Rep. Idris Cole (Green) said on Friday.',
      '“It is an overreach,” Ada Moss, the attorney general of Northland, one of the states in the suit, said on Monday.',
    ].join('\n\n'),
  );
  assert.deepEqual(
    qs.map((q) => [q.source, q.speaker]),
    [
      ['Marta Oyelaran', 'Marta Oyelaran'],
      ['Rep. Idris Cole (Green)', 'Idris Cole'],
      ['Ada Moss', 'Ada Moss'],
    ],
  );
});

test('a pronoun does not resolve to someone named only inside a quotation', () => {
  const qs = quotes(
    'Union leader Marco Vidal spoke at the gate. “Minister Peter Vance has not called us once,” Vidal said. He said the strike would go on.',
  );
  assert.deepEqual(
    qs.map((q) => q.speaker),
    ['Marco Vidal', 'Marco Vidal'],
  );
});

test('"according to" names its source whatever it is; a closing attribution wins over it', () => {
  const qs = quotes(
    'The bridge will cost more than planned, according to figures released by the city auditor.',
  );
  assert.equal(qs[0]!.source, 'figures released by the city auditor');
  assert.equal(qs[0]!.text, 'The bridge will cost more than planned');
  const [q] = quotes(
    'Mayor Jonas Hart opened the session. About 300 homes were flooded, according to early estimates, Hart said at the meeting.',
  );
  assert.equal(q!.speaker, 'Jonas Hart');
});

test('stance and report verbs without quotation marks are attributions at a lower confidence; headings are not', () => {
  const qs = analyze(
    articleOf(
      'Senator Idris Cole criticized the treasurer for delaying the audit.\n\nCole praises harbour plan\n\nThe vote is on Monday.',
    ),
  ).quotes;
  assert.equal(qs.length, 1);
  assert.equal(qs[0]!.text, 'the treasurer for delaying the audit');
  assert.equal(qs[0]!.speaker, 'Idris Cole');
  assert.ok(qs[0]!.confidence < 0.6);
});

test('a reported clause ends before a contrasting clause with its own subject; "that" after time and place opens it', () => {
  const [q] = quotes('Inspector Ada Moss said the pumps had failed, but the company did not say when.');
  assert.equal(q!.text, 'the pumps had failed');
  const [r] = quotes(
    'Facing questions from the council, Mayor Jonas Hart said on Friday at the town hall that the bridge would reopen.',
  );
  assert.equal(r!.text, 'the bridge would reopen');
});

test('a closing attribution after a named source ("…, Reuters reported Tuesday.") keeps a valid span', () => {
  const claim = 'Mayor Jane Holt is dropping her plan for a new stadium';
  for (const text of [
    `${claim}, Reuters reported Tuesday.`,
    `${claim}, Reuters reported Tuesday. The council…`,
    `The council met on Monday to discuss the budget.\n\n${claim}, Reuters reported Tuesday.`,
  ]) {
    const a = analyze(articleOf(text));
    const q = a.quotes.find((x) => x.cue?.text === 'reported');
    assert.ok(q, text);
    assert.equal(q.text, claim);
    assert.equal(q.source?.text, 'Reuters');
    assert.ok(q.start >= 0 && q.start <= q.end, `${q.start}-${q.end}`);
    assert.deepEqual(a.warnings, []);
  }
});

test('a reported clause holding a quoted fragment opens after "that", past an addressee, a time or a place', () => {
  const [q] = quotes(
    'Harbour Minister Elena Sorel is telling dock workers at a rally in Portmill that the strike has been “a lesson for all of us.”',
  );
  assert.equal(q!.text, 'the strike has been “a lesson for all of us.”');
  assert.equal(q!.speaker, 'Elena Sorel');
  const [r] = quotes('Mayor Jonas Hart said earlier this week that the budget was “simply not sustainable.”');
  assert.equal(r!.text, 'the budget was “simply not sustainable.”');
  assert.equal(r!.cue, 'said');
});

test('on the parse, a reported clause is the complement of the outermost verb of saying, or what a naming verb says of its object', () => {
  const report = (text: string) => {
    const parses = new SentenceParses(text, [{ start: 0, end: text.length }], true);
    const r = reportedOnParse(parses, text, text.indexOf('“'), quoteLexicon('en').speech);
    return (
      r && { cue: r.cue.text, source: r.source.text, content: text.slice(r.content.start, r.content.end) }
    );
  };
  assert.deepEqual(report('Councillor Rita Obi called the drainage system “a disgrace.”'), {
    cue: 'called',
    source: 'Councillor Rita Obi',
    content: 'the drainage system “a disgrace.”',
  });
  assert.deepEqual(report('The farmers’ union said its members were “on their knees.”'), {
    cue: 'said',
    source: 'The farmers’ union',
    content: 'its members were “on their knees.”',
  });
  // a verb of action governs no report
  assert.equal(report('The crew repaired the “temporary” bridge.'), null);
});

test('a second clause opened by "that" is said too: "said … “…” and that …"', () => {
  const [q] = quotes(
    'Inspector Ada Moss said the pumps had been “badly neglected for years” and that the company “knew it all along.”',
  );
  assert.equal(
    q!.text,
    'the pumps had been “badly neglected for years” and that the company “knew it all along.”',
  );
  assert.equal(q!.speaker, 'Ada Moss');
});

test('a noun counted by a number is no verb of saying: "Twelve states will …" is no quotation', () => {
  assert.deepEqual(quotes('Twelve states will hold their primaries on the same Tuesday next spring.'), []);
  assert.deepEqual(quotes('Four reports showed that the river had flooded twice in one year.'), []);
  const said = quotes('The hearing ran late. Okafor states that the budget was never approved by anyone.');
  assert.equal(said.length, 1);
  assert.equal(said[0]!.cue, 'states');
});

test('a description followed by a name set off by commas is that person; the verb that introduced the quotation reports nothing more', () => {
  const text =
    'The hearing ended late. “Who pays for it?” the channel’s chief Capitol Hill correspondent, Lena Ortiz, ' +
    'asked the senator at the end of the session. “We do,” said the committee spokesman, Arjun Patel.';
  const qs = quotes(text);
  assert.deepEqual(
    qs.map((q) => [q.kind, q.text, q.speaker]),
    [
      ['direct', 'Who pays for it?', 'Lena Ortiz'],
      ['direct', 'We do', 'Arjun Patel'],
    ],
  );
});

test('a passive verb of saying makes no quotation of its subject; the progressive still reports', () => {
  const text =
    'The board met on Tuesday. The survey was reported in March by a research group in Lyon. ' +
    'Marta Quist is saying that the survey missed half of the farms.';
  assert.deepEqual(
    quotes(text).map((q) => [q.text, q.speaker]),
    [['the survey missed half of the farms', 'Marta Quist']],
  );
});

test('a weekday or "yesterday" between the speaker and the verb: "The agency on Monday said …"', () => {
  const qs = quotes(
    'The port reopened. The harbour agency on Monday said the cranes would run again by noon. ' +
      'Mayor Ilse Brandt yesterday said the town would pay for the repairs.',
  );
  assert.deepEqual(
    qs.map((q) => [q.source, q.text]),
    [
      ['The harbour agency', 'the cranes would run again by noon'],
      ['Mayor Ilse Brandt', 'the town would pay for the repairs'],
    ],
  );
});

test('a document that speaks speaks for its author named after it: "reads a statement from Sen. …"', () => {
  const qs = quotes(
    'The panel met. “The plan misses the mark,” reads a joint statement from Sen. Ilse Brandt and two colleagues.',
  );
  assert.deepEqual(
    qs.map((q) => [q.source, q.speaker]),
    [['a joint statement', 'Ilse Brandt']],
  );
});
