/**
 * Speaker resolution, one test per error class of issue 16 (original sentences).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleOf } from '../testing/fixtures.js';
import { analyze } from './analyze.js';

const speakers = (text: string): [string, string | null, string | null][] =>
  analyze(articleOf(text)).quotes.map((q) => [q.text, q.source?.text ?? null, q.speaker]);

test('discourse follows the text: a pronoun after an indirect report takes its speaker, not an earlier quote’s', () => {
  const qs = speakers(
    '“The budget holds,” said treasurer Tomas Verdi.\n\nHarbour chief Karl Brandt said the pier would reopen in June.\n\n“We have the crews ready,” he said.',
  );
  assert.deepEqual(qs.at(-1), ['We have the crews ready', 'he', 'Karl Brandt']);
});

test('a mention naming a person resolves to that person, not to another person it mentions', () => {
  const qs = speakers('“We will appeal,” said defence lawyer Maria Ortiz, who represents Daniel Reyes.');
  assert.deepEqual(qs[0], ['We will appeal', 'defence lawyer Maria Ortiz', 'Maria Ortiz']);
});

test('a title and an organisation before the name are not the speaker', () => {
  const qs = speakers(
    '“The levy stays until spring,” Harbour Authority press officer Jonas Pell said on Monday.',
  );
  assert.equal(qs[0]![2], 'Jonas Pell');
});

test('an apposition with an abbreviation sits between the name and the cue', () => {
  const qs = speakers('“The vote will hold,” Senator Carla Dunmore, D-Ore., said Tuesday.');
  assert.equal(qs[0]![2], 'Carla Dunmore');
});

test('a place after "of" is not the speaker named before it', () => {
  const qs = speakers('“We need the bridge,” said Representative Alma Quist of New Mexico.');
  assert.equal(qs[0]![2], 'Alma Quist');
});

test('a paragraph ending in a colon introduces the quotation that opens the next one', () => {
  const qs = speakers(
    'Rhea Morland, an economist, spoke at length.\n\nMorland continued:\n\n“Nobody expected the rate to fall this fast.”',
  );
  assert.deepEqual(qs.at(-1), ['Nobody expected the rate to fall this fast.', 'Morland', 'Rhea Morland']);
});

test('a pronoun takes the person last named as a subject, not one named in passing', () => {
  const qs = speakers(
    '“The plan is sound,” said analyst Petra Lund.\n\nAnton Kessel, who farms near the river, dismissed the report by Lund’s firm as guesswork.\n\n“Nobody asked us,” he said.',
  );
  assert.deepEqual(qs.at(-1), ['Nobody asked us', 'he', 'Anton Kessel']);
});

test('a pronoun after a man named as subject skips the man named as object', () => {
  const qs = speakers(
    'Retired colonel Ivo Marek said he had served under President Luka Brandt for years.\n\n“It was hard work,” he told the host.',
  );
  assert.deepEqual(qs.at(-1), ['It was hard work', 'he', 'Ivo Marek']);
});

test('a quoted fragment’s content stops before the writer’s narrative after it', () => {
  const qs = speakers(
    'Mayor Ines Calder called the plan a “costly mistake” during a visit to the depot on Friday.',
  );
  assert.deepEqual(qs[0], ['the plan a “costly mistake”', 'Mayor Ines Calder', 'Ines Calder']);
  const [q] = speakers(
    'Union leader Piet Varga called the offer “an insult” to the drivers, citing the rise in rents.',
  );
  assert.equal(q![0], 'the offer “an insult” to the drivers');
});

test('a titled surname resolves to the full name given earlier, a suffix aside', () => {
  const qs = speakers(
    'Senator Walter J. Haines Jr. toured the plant on Monday.\n\n“These jobs are staying here,” Mr. Haines said.',
  );
  assert.equal(qs.at(-1)![2], 'Walter J. Haines Jr');
});

test('a pronoun is not resolved to a speaker of the other gender known by name only', () => {
  const qs = speakers(
    'Rosa Elmquist chairs the parents’ group.\n\n“The buses are late every day,” said transport officer Daniel Okoro-Vance.\n\n“We want an answer by May,” she said.',
  );
  assert.equal(qs.at(-1)![2], 'Rosa Elmquist');
});

test('a name opening the sentence keeps the cue across its apposition', () => {
  const qs = speakers(
    'But Lena Fosse, head of planning at the Northbridge Housing Trust, said tenants still want repairs first.',
  );
  assert.deepEqual(qs[0], ['tenants still want repairs first', 'Lena Fosse', 'Lena Fosse']);
});

test('someone speaking for a person is not that person: the speaker stays unresolved with its mention', () => {
  const qs = speakers(
    'Governor Edda Marsh toured the flooded district.\n\nA spokeswoman for Edda Marsh said the governor would return on Friday.',
  );
  assert.deepEqual(qs.at(-1), ['the governor would return on Friday', 'A spokeswoman for Edda Marsh', null]);
});

// Attribution on the dependency parse (issue 16, item 2): original sentences.

test('parse: a verb of saying the patterns miss governs the quotation; its subject speaks', () => {
  const qs = speakers(
    'The choir met in the old mill on Sunday.\n\nIlse Varga chanted with the crowd before asking them, “Who will sing the last verse?”',
  );
  assert.deepEqual(qs.at(-1), ['Who will sing the last verse?', 'Ilse Varga', 'Ilse Varga']);
});

test('parse: a participle of saying takes the subject of the verb it hangs from', () => {
  const qs = speakers(
    'At the hearing, mayor Tobias Renk attacked the council for its delays, saying, “Nobody here has read the plan.”',
  );
  assert.equal(qs.at(-1)![0], 'Nobody here has read the plan.');
  assert.equal(qs.at(-1)![2], 'Tobias Renk');
});

test('parse: a speaker set off by a long apposition before "told me, “…”" is the subject of the cue', () => {
  const qs = speakers(
    'Jonas Weller, the chief executive of Weller Freight -- the company that runs the night ferries -- told me, "We are a carrier, not a bank."',
  );
  assert.equal(qs[0]![2], 'Jonas Weller');
  assert.match(qs[0]![1] ?? '', /^Jonas Weller, the chief executive/);
});

test('parse: "according to X" before a quotation names its source, not the preposition', () => {
  const qs = speakers('According to Pavel Dukic, “the ferries will run again next spring.”');
  assert.deepEqual(qs[0]!.slice(1), ['Pavel Dukic', 'Pavel Dukic']);
});

test('parse: a verb of action is not a cue, and a quotation it governs keeps no speaker', () => {
  const qs = speakers('The ministry painted the slogan “Build it faster” on every crane in the yard.');
  assert.ok(qs.every((q) => q[2] === null));
});

test('a pronoun takes a speaker named after an inverted cue, a gendered noun before the name showing the gender', () => {
  const qs = speakers(
    'Councillor Ben Aldous opposed the plan.\n\n“The river will flood again,” said farmer’s widow Terry Holm.\n\n“We asked for a wall ten years ago,” she said.',
  );
  assert.equal(qs.at(-1)![2], 'Terry Holm');
});

test('"it" takes the organisation that spoke last, not a person named since', () => {
  const qs = speakers(
    '“Repairs begin in March,” the Harbour Authority wrote in its report.\n\nThe report praised engineer Jonas Beck for the survey.\n\n“The cost will be shared by the city,” it added.',
  );
  assert.equal(qs.at(-1)![2], 'Harbour Authority');
});

test('a bare surname shared by relatives names the person the article introduced first by full name', () => {
  const qs = speakers(
    'Senator Walter Brandt spoke in Lyons on Monday.\n\nHis wife, Greta Brandt, sat in the front row.\n\n“We are not done,” Brandt said.',
  );
  assert.equal(qs.at(-1)![2], 'Walter Brandt');
});

test('quotation text leaves out the comma that hands it over to its attribution', () => {
  const qs = speakers('“The bridge stays open,” said engineer Lotte Brink.');
  assert.equal(qs[0]![0], 'The bridge stays open');
});

test('a short quotation handed over by its own verb of saying is not part of an earlier speaker’s clause', () => {
  const qs = speakers(
    'Prime Minister Maria Olsen spoke first. "Could we take two questions?" Olsen asked, looking over to Jorge Reyes, who replied, "Good luck."',
  );
  assert.deepEqual(qs[0], ['Could we take two questions?', 'Olsen', 'Maria Olsen']);
  // the relative pronoun's antecedent is the source; the quotation is never Olsen's
  assert.equal(qs.length, 2);
  assert.deepEqual(qs[1]!.slice(0, 2), ['Good luck.', 'Reyes']);
  assert.notEqual(qs[1]![2], 'Maria Olsen');
});

test('a conjunction opening the speaker phrase is not part of it', () => {
  const qs = speakers(
    'Ivo Sandell, a planner, expects rents to climb. So he suggested that the city buy the old depot before prices rise.',
  );
  assert.deepEqual(
    qs.map((q) => [q[1], q[2]]),
    [['he', 'Ivo Sandell']],
  );
});

test('"it" and "they" are never resolved to the last person who spoke', () => {
  const qs = speakers(
    '“The wall will hold,” said engineer Lotte Brandvik.\n\nThe report disagrees. “The foundations are failing,” it says.',
  );
  assert.equal(qs.at(-1)![2], null);
});

test('"he" and "she" never stand for an organisation', () => {
  const qs = speakers(
    'Mara Quell, a developer and spokeswoman for the Riverside Builders Alliance, which has forty members, spoke first.\n\n“We build where others will not,” she said.',
  );
  assert.deepEqual(qs.at(-1), ['We build where others will not', 'she', 'Mara Quell']);
});

test('a surname two people share: the one just introduced as a subject holds it', () => {
  const qs = speakers(
    'Senator Hal Breck voted early. Later, Transport Secretary Joan Breck says the rail plan is funded.\n\nBreck said the first trains would run in spring.',
  );
  assert.equal(qs.at(-1)![2], 'Joan Breck');
});

test('a surname shared with a spouse named in passing stays with the principal', () => {
  const qs = speakers(
    'Former Governor Alan Pryce campaigned in Dover for his wife Helen Pryce.\n\n“She will win this,” Pryce said.',
  );
  assert.equal(qs.at(-1)![2], 'Alan Pryce');
});

test('"the Republican" stands for the person the text gave that party', () => {
  const qs = speakers(
    'Republican Dale Worthy spoke in Ohio on Monday.\n\nThe Republican said the tariffs would go.',
  );
  assert.equal(qs.at(-1)![2], 'Dale Worthy');
});

test('a given name after an epithet tells the gender', () => {
  const qs = speakers(
    'Mayor Tom Okafor mocked his rival. He said, “She is no match for me, Sleepy Martha Quint.”\n\nThe mayor then said Quint did not show up.\n\nHe says: “I wonder why.”',
  );
  assert.equal(qs.at(-1)![2], 'Tom Okafor');
});

test('a speaker phrase that is an apposition to the name opening the sentence is that name', () => {
  const qs = speakers(
    'Lena Okonjo, chair of the Northshore Dockers Guild, which represents crane crews, said the strike would go on.',
  );
  assert.deepEqual(qs[0]!.slice(1), ['Lena Okonjo', 'Lena Okonjo']);
});

test('a contraction is not part of the pronoun', () => {
  const qs = speakers(
    'Mayor Piet Hollander spoke at the market on Friday.\n\nHe’s claiming that the drought is “the worst in forty years.”',
  );
  assert.deepEqual(qs.at(-1)!.slice(1), ['He', 'Piet Hollander']);
});

test('a surname opening a sentence before an apposition is still a name', () => {
  const qs = speakers(
    'Governor Wes Tarrant toured the flooded valley.\n\nTarrant, who has led the state since 2019, said the levees held.',
  );
  assert.equal(qs.at(-1)![2], 'Wes Tarrant');
});

test('a role nobody was given is not the last speaker when someone else was named as a subject since', () => {
  const qs = speakers(
    '“We will fund the dams,” said Senator Ruth Kellan.\n\nOskar Venn criticised the plan at the forum.\n\n“We need roads first,” the governor said.',
  );
  assert.notEqual(qs.at(-1)![2], 'Ruth Kellan');
});

test('a definite description whose noun shows a gender is not resolved to a person of the other gender', () => {
  const qs = speakers(
    'Mayor Ilse Brandt met Tomas Ferreira on Monday.\n\nFerreira spoke first. Brandt answered him at length.\n\n“We need roads first,” the businessman said.',
  );
  assert.equal(qs.at(-1)![2], 'Tomas Ferreira');
});

test('an opening adverbial or a second name before the apposition is not taken for the speaker', () => {
  const qs = speakers(
    'On Saturday, Mayor Ines Calloway of Dunmore, who had stayed silent, said the pier would close. Rosa Vint, a welder, and Ada Moss, a crane driver at the docks, said the crews were ready.',
  );
  assert.deepEqual(
    qs.map((q) => q[2]),
    ['Ines Calloway', 'Ada Moss'],
  );
});

test('a people speaking is named by its name', () => {
  const qs = speakers('The border talks stalled again. “We are tired of waiting,” Mexicans say.');
  assert.equal(qs.at(-1)![2], 'Mexicans');
});

test('a role noun alone, as a headline writes it, resolves by salience like a description', () => {
  const qs = speakers(
    'Kell Harrow, a former party chairman and presidential candidate, mocked the debate on Tuesday.\n\nCandidate says “nobody won tonight.”',
  );
  assert.equal(qs.at(-1)![2], 'Kell Harrow');
});

test('a people that spoke is not "he"', () => {
  const qs = speakers(
    'President Oleg Varro spoke in the capital. Many Russians say the sanctions hurt.\n\n“We will not bend,” he said.',
  );
  assert.equal(qs.at(-1)![2], 'Oleg Varro');
});

test('a pronoun takes the subject named with its job words, not a person named later as an object', () => {
  const qs = speakers(
    'Painter and teacher Dana Whitlock pushed back on critics of her radio interview, adding that she had a long and friendly chat with "Morning Hour" host Mara Quill.\n\n"I went on the show because I wanted to reach people," she said in a video.',
  );
  assert.deepEqual(qs.at(-1), [
    'I went on the show because I wanted to reach people',
    'she',
    'Dana Whitlock',
  ]);
});

test('a first name alone is the one person named in full with it, whose hyphenated title makes them a person', () => {
  const a = analyze(
    articleOf(
      'UNESCO Director-General Farida Okonkwo-Lane visited the flooded temple on Monday.\n\nFarida recalled her years as a field archaeologist, saying that "every stone here has a record."',
    ),
  );
  const farida = a.entities.find((e) => e.name === 'Farida Okonkwo-Lane');
  assert.equal(farida?.type, 'person');
  assert.equal(farida?.uncertain, false);
  assert.equal(a.quotes.at(-1)?.speakerEntity, farida?.id);
});

test('"the head of X" is a person holding a role of X, never X itself', () => {
  const qs = speakers(
    'The head of the International Monetary Fund said it was "too early" to judge the reform.',
  );
  assert.deepEqual(qs[0]!.slice(1), ['The head of the International Monetary Fund', null]);
});

test('"the head of X" is the person the text gave a role of X', () => {
  const qs = speakers(
    'IMF managing director Lotte Varga met the ministers on Tuesday.\n\nThe director of the IMF said the loan was "close to done."',
  );
  assert.equal(qs.at(-1)![2], 'Lotte Varga');
});

test('a speaker phrase keeps its modifiers back to its determiner, and a name that only modifies it is not the speaker', () => {
  const qs = speakers(
    'In a statement, the Flemish transport office said that "the night trains will run again in May."',
  );
  assert.deepEqual(qs[0]!.slice(1), ['the Flemish transport office', null]);
  const indirect = speakers(
    'In a statement, the Bavarian forestry department said that the trail would stay shut.',
  );
  assert.deepEqual(indirect[0]!.slice(1), ['the Bavarian forestry department', null]);
});

test('"the newspaper" is the one outlet the text called a newspaper', () => {
  const qs = speakers(
    'The roads reopened on Friday, the Spanish newspaper El Correo reported.\n\nThe newspaper said that the mayor had ordered a review of the closures.',
  );
  assert.deepEqual(qs.at(-1)!.slice(1), ['The newspaper', 'El Correo']);
});

test('a name modifying the head of an earlier subject ("the Varga campaign") is not the antecedent of a pronoun', () => {
  const qs = speakers(
    '“The count is not over,” said organiser Nadia Ferrell.\n\nTheir organiser believes the Ilse Varga campaign ignored the rural vote and now has to win it back.\n\n“They thought the cities were enough,” she said.',
  );
  assert.equal(qs.at(-1)![2], 'Nadia Ferrell');
});
