/**
 * Speaker resolution: a speaker phrase is resolved to an entity by its name, by pronoun through discourse (the
 * last person who spoke, of the pronoun's gender), or by a role noun through the roles the text gave a person
 * ("the senator" when one person holds that office).
 */
import { getGender } from 'gender-detection-from-name';
import type { Entity, EntityMention, Quote, TextSpan } from '../../model/document.js';
import { firstIndex } from '../../util/search.js';
import type { AnalysisContext } from '../context.js';
import { fold } from '../lexicon.js';
import type { Lexicon } from '../lexicon.js';
import { sentenceAt } from './find.js';
import { Gender, QuoteLexicon } from './lexicon.js';
import { type SentenceParses, subjectsOf } from './parsed.js';
import { QuotedSpan, Speaker } from './spans.js';

/** Resolves speaker phrases to entities, keeping track of discourse (the last person who spoke). */
export class SpeakerResolver {
  private lastSpeaker: { name: string; entity: string | null; at: number } | null = null;
  private readonly people: Entity[];

  /** Where each person was last named outside quotation marks: people named inside a quotation are what
   * its speaker talks about, not who a later "he" is. */
  private readonly spoken: Map<string, number[]>;

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly ql: QuoteLexicon,
    quoted: QuotedSpan[],
    private readonly parses?: SentenceParses,
  ) {
    this.people = ctx.entities.filter((e) => e.type === 'person');
    const inside = (pos: number): boolean => {
      const i = firstIndex(quoted, (q) => q.close <= pos);
      return i < quoted.length && quoted[i]!.open < pos;
    };
    this.quoted = inside;
    this.spoken = new Map(
      this.people.map((e) => [
        e.id,
        e.mentions
          .filter((m) => !inside(m.start))
          .map((m) => m.start)
          .sort((a, b) => a - b),
      ]),
    );
    this.mentions = ctx.entities
      .flatMap((e) => e.mentions.map((m) => ({ e, m })))
      .map((x, order) => ({ ...x, order }))
      .sort((a, b) => a.m.start - b.m.start);
  }

  /** Every entity mention, sorted by start, each with its rank in entity order (what `resolve` sorts from). */
  private readonly mentions: { e: Entity; m: EntityMention; order: number }[];

  private lastNamedBefore(e: Entity, at: number): number {
    return lastStartBefore(this.spoken.get(e.id) ?? [], at);
  }

  /** Whether a position lies inside quotation marks. */
  private readonly quoted: (pos: number) => boolean;

  /** The speaker phrases resolved so far, by start: a later pronoun whose antecedent is one of them takes its speaker. */
  private readonly resolvedSources = new Map<
    number,
    { speaker: string; entity: string | null; end: number }
  >();

  /** Notes a quote's speaker as the last one; the speaker holds the discourse up to the end of the quote and its attribution. */
  noteSpeaker(q: Quote): void {
    if (q.source && q.speaker)
      this.resolvedSources.set(q.source.start, {
        speaker: q.speaker,
        entity: q.speakerEntity,
        end: q.source.end,
      });
    const e = this.ctx.entities.find((x) => x.id === q.speakerEntity);
    if (!e || e.type === 'person')
      this.lastSpeaker = {
        name: q.speaker!,
        entity: q.speakerEntity,
        at: Math.max(q.end, q.source?.end ?? 0),
      };
  }

  resolve(whole: TextSpan, at: number): Speaker {
    // A conjunction or subordinator before the phrase opens the clause, it does not name the speaker ("So he
    // suggested", "though he said", "When Clinton said").
    let source = this.withoutOpener(whole);
    // "He's claiming": a contraction is not part of the pronoun
    const contracted = /^(?<word>\p{L}+)['’](?:s|re|ll|d|ve)$/u.exec(source.text)?.groups!.word;
    if (contracted && this.ql.pronouns.has(contracted.toLowerCase()))
      source = { start: source.start, end: source.start + contracted.length, text: contracted };
    const phrase = source.text.toLowerCase().replace(/[’]/g, "'");
    const words = phrase.split(/\s+/);
    // The mentions inside the source, in entity order, then (a stable sort) the one ending last first.
    const inside: { e: Entity; m: EntityMention; order: number }[] = [];
    for (
      let i = firstIndex(this.mentions, (x) => x.m.start < source.start);
      i < this.mentions.length && this.mentions[i]!.m.start <= source.end;
      i++
    )
      if (this.mentions[i]!.m.end <= source.end) inside.push(this.mentions[i]!);
    inside.sort((a, b) => a.order - b.order).sort((a, b) => b.m.end - a.m.end);
    if (words.length === 1 && this.ql.pronouns.has(words[0]!)) {
      const kind = this.ql.pronouns.get(words[0]!)!;
      if (kind === 'person') return this.pronoun(source, at);
      // "it" and "they" stand for the organisation or group that spoke last, not for a person
      // (with none, it stays unresolved: "it" is not the last person who spoke, nor "they" one of them)
      const group = this.lastNonPerson(source.start);
      if (group) return { source, speaker: group.speaker, entity: group.entity, confidence: 0.6 };
      return { source, speaker: null, entity: null, confidence: 0.3 };
    }
    // "the spokesman, Tom Reyes, said", "said the White House correspondent, Ana Diaz.": a description
    // headed by a common noun, followed by a person's name set off by commas, is that person (a name
    // inside the description only modifies its noun).
    const description = /\s\p{Ll}[\p{L}-]*$/u.test(source.text);
    const appositive = description ? (this.appositiveAfter(source) ?? this.authorAfter(source)) : undefined;
    if (appositive) return { source, speaker: appositive.e.name, entity: appositive.e.id, confidence: 0.9 };
    // A phrase that names a person is that person, whoever else it mentions ("defence lawyer Maria Ortiz, who
    // represents Daniel Reyes"; "White House press secretary Josh Earnest").
    const named = this.named(source, inside, at);
    if (named) return named;
    // "a spokeswoman for Hillary Clinton", "advisers to Mr. Obama": someone speaking for a person is not that
    // person; the speaker stays unresolved, the mention shown as it is.
    if (this.forSomeone(source, inside)) return { source, speaker: null, entity: null, confidence: 0.3 };
    const mentioned = inside.find((x) => x.e.type === 'person');
    const bare = mentioned && !/\s/u.test(mentioned.m.text.trim());
    const person = bare
      ? this.principal(mentioned, fold(mentioned.m.text).split(' ').at(-1)!, mentioned.m.start)
      : mentioned;
    if (person) return { source, speaker: person.e.name, entity: person.e.id, confidence: 0.95 };
    const role = this.role(words, at);
    if (role) return { source, speaker: role.name, entity: role.id, confidence: 0.8 };
    // "the head of the World Health Organization": a person holding a role of X, never X itself
    if (this.holderOf(words)) return { source, speaker: null, entity: null, confidence: 0.3 };
    // "The New York businessman", "the billionaire": a definite description of a person the text has named,
    // read as a pronoun of the gender its noun shows ("businessman": he), by salience.
    const head = words.at(-1)!;
    // (a role noun alone, as headlines write it, too: "candidate tweeting")
    const described =
      (words.length > 1 &&
        this.ql.determiners.has(words[0]!) &&
        (this.ql.personNouns.has(head) || roleNouns(this.ql.lex).includes(head))) ||
      (words.length === 1 && roleNouns(this.ql.lex).includes(head));
    if (
      described &&
      !inside.some((x) => x.e.type === 'organization' && x.m.end >= source.end - head.length - 1)
    ) {
      const gender = this.ql.genderedNouns.get(head);
      const as = gender === 'male' ? 'he' : gender === 'female' ? 'she' : '';
      const p = this.pronoun({ ...source, text: as }, at);
      // A description of a person stands for a person the text has named, never for a group that spoke
      // before ("Officials said …. The mayor said …").
      const person = !!p.entity && this.people.some((e) => e.id === p.entity);
      if (p.speaker && person) return { ...p, source, confidence: Math.min(p.confidence, 0.6) };
    }
    // "the Catalan justice department": an adjective of a people or region ("Catalan", "Flemish"), of unknown
    // type, that only modifies the common noun heading the phrase is not the speaker; the phrase is (unresolved,
    // shown as written). A name modifying a noun still is ("a Bloomberg poll", "a Reuters survey").
    const modifier = inside.find(
      (x) =>
        x.e.type === 'other' &&
        x.e.uncertain &&
        ADJECTIVE_OF_PLACE.test(x.m.text) &&
        /^(?:\s+\p{Ll}[\p{L}-]*)+$/u.test(this.ctx.text.slice(x.m.end, source.end)),
    );
    if (modifier && inside.length === 1) return { source, speaker: null, entity: null, confidence: 0.3 };
    const org = inside.find((x) => x.e.type !== 'person');
    if (org && !(org.e.type === 'place' && inside.length > 1))
      return { source, speaker: org.e.name, entity: org.e.id, confidence: 0.85 };
    // "the ministry": the organisation mentioned last whose name ends in that noun
    const orgHead = head.replace(/'s$/, '');
    const orgs = this.ctx.entities
      .filter((e) => e.type === 'organization' && fold(e.name).split(' ').at(-1) === orgHead)
      .filter((e) => e.mentions.some((m) => m.start < at))
      .sort((a, b) => lastBefore(b, at) - lastBefore(a, at));
    if (orgs[0]) return { source, speaker: orgs[0].name, entity: orgs[0].id, confidence: 0.6 };
    // "the newspaper": the one organisation the text called so before ("the Spanish newspaper El Correo")
    const called = this.ctx.entities.filter(
      (e) =>
        e.type === 'organization' &&
        e.roles.some((r) => r.split(/\s+/).at(-1) === orgHead) &&
        e.mentions.some((m) => m.start < at),
    );
    if (words.length <= 3 && this.ql.determiners.has(words[0]!) && called.length === 1)
      return { source, speaker: called[0]!.name, entity: called[0]!.id, confidence: 0.6 };
    if (inside[0]) return { source, speaker: inside[0].e.name, entity: inside[0].e.id, confidence: 0.6 };
    // "Mexicans", "Syrians": a people speaking is named by its name, no entity of the article
    if (this.isPeople(source.text)) return { source, speaker: source.text, entity: null, confidence: 0.5 };
    return { source, speaker: null, entity: null, confidence: 0.3 };
  }

  /** A people's name in the plural ("Mexicans", "Syrians"): a group, never "he" or "she". */
  private isPeople(name: string): boolean {
    return /^\p{Lu}\p{Ll}+s$/u.test(name) && this.ql.lex.demonyms.has(name.toLowerCase().slice(0, -1));
  }

  /** The phrase without the conjunctions and subordinators that open it, when something follows them. */
  private withoutOpener(source: TextSpan): TextSpan {
    let rest = source;
    for (;;) {
      const m = /^(?<word>\p{L}+)\s+(?<next>\S)/u.exec(rest.text);
      if (!m) return rest;
      const word = m.groups!.word!.toLowerCase();
      const opener = this.ql.clauseOpeners.has(word) || this.ql.sentenceConjunctions.has(word);
      // "that" is a determiner before a common noun ("that official"), an opener before a name or a pronoun
      const determiner = this.ql.determiners.has(word) && !/\p{Lu}/u.test(m.groups!.next!);
      if (!opener || determiner) return rest;
      const cut = m.index + m[0].length - 1;
      rest = { start: rest.start + cut, end: rest.end, text: rest.text.slice(cut) };
    }
  }

  /**
   * The person a speaker phrase names: the last run of capitalised words before any apposition, without the
   * titles, determiners and organisations before it ("Senate Majority Leader Mitch McConnell" -> "Mitch
   * McConnell"; "Representative Charles B. Rangel of New York" -> "Charles B. Rangel"), two words or more, or
   * one after a title ("Mr. McKinley"). It resolves to the person mentioned there, else to the person of the
   * article with that surname, else to the name itself (an entity the article's list missed).
   */
  private named(source: TextSpan, inside: { e: Entity; m: EntityMention }[], at: number): Speaker | null {
    const head = this.nameHead(source, inside);
    if (!head) return null;
    const last = head.tokens.at(-1)!;
    const surname = fold(last.text).split(' ').at(-1)!; // folding splits "Holtz-Eakin" as it splits names
    const found = inside.find((x) => x.e.type === 'person' && x.m.start <= last.start && x.m.end >= last.end);
    const here =
      found && head.tokens.length === 1 ? this.principal(found, surname, head.tokens[0]!.start) : found;
    if (here) {
      // An entity whose name lacks the surname the text gives it ("Douglas" for "Douglas Holtz-Eakin") is
      // named by its longest mention that ends in that surname.
      const name = fold(here.e.name).split(' ').includes(surname)
        ? here.e.name
        : here.e.mentions
            .map((m) => m.text)
            .filter((t) => fold(t).split(' ').at(-1) === surname)
            .sort((a, b) => b.length - a.length)[0];
      return { source, speaker: name ?? here.e.name, entity: here.e.id, confidence: 0.95 };
    }
    const first = head.tokens.length > 1 ? fold(head.tokens[0]!.text).split(' ')[0]! : null;
    const same = this.people
      .filter((e) => {
        const parts = withoutSuffix(fold(e.name).split(' '), this.ql);
        return parts.at(-1) === surname && (!first || parts.length < 2 || parts[0] === first);
      })
      .sort((a, b) => lastBefore(b, at) - lastBefore(a, at))[0];
    if (same) return { source, speaker: same.name, entity: same.id, confidence: 0.85 };
    // A name the entity list missed is still the speaker's name, the full one when the text gave it before
    // ("Douglas Holtz-Eakin" … "Mr. Holtz-Eakin").
    const text = this.ctx.text.slice(head.tokens[0]!.start, last.end);
    const known = this.unlisted.get(surname);
    if (head.tokens.length > 1 && (!known || known.length < text.length)) this.unlisted.set(surname, text);
    return { source, speaker: this.unlisted.get(surname) ?? text, entity: null, confidence: 0.7 };
  }

  /**
   * The person a bare surname names when several people of the article share it ("Cruz" with Ted, Heidi and
   * Rafael Cruz): news refers to its principal by surname and to relatives by first name, so it is the one
   * the article named first by full name, of the gender an honorific before it shows ("Mrs. Clinton").
   */
  private principal(
    found: { e: Entity; m: EntityMention },
    surname: string,
    at: number,
  ): { e: Entity; m: EntityMention } {
    const title = /([\p{L}]+\.?)\s+$/u.exec(this.ctx.text.slice(Math.max(0, at - 8), at))?.[1]?.toLowerCase();
    const gender = title ? this.ql.honorifics.get(title) : undefined;
    const same = this.people.filter((e) => {
      const parts = withoutSuffix(fold(e.name).split(' '), this.ql);
      return (
        parts.length > 1 && parts.at(-1) === surname && (!gender || this.genderOf(e) !== otherGender(gender))
      );
    });
    if (same.length < 2) return found;
    // One of them just introduced by full name as a subject holds the surname for a while ("Homeland Security
    // Secretary Jeh Johnson says … ¶ Johnson said", with Gary Johnson named earlier); one named in passing
    // does not ("Bill Clinton spoke … for his wife Hillary Clinton. … Clinton said").
    // (a person: given a title, or a name opening with a given name, not "Mostly for Trump")
    const recent = same
      .filter((e) => e.roles.length > 0 || this.genderOfName(e.name) !== null)
      .flatMap((e) =>
        e.mentions.filter((m) => m.start < at && /\s/u.test(m.text.trim())).map((m) => ({ e, m })),
      )
      .sort((a, b) => b.m.start - a.m.start)[0];
    if (recent && at - recent.m.start < RECENT_FULL_NAME && this.subjectLike(recent.m))
      return recent.e.id === found.e.id ? found : { e: recent.e, m: found.m };
    const firstFull = (e: Entity): number =>
      Math.min(...e.mentions.filter((m) => m.text.trim().includes(' ')).map((m) => m.start), Infinity);
    const first = same.sort((a, b) => firstFull(a) - firstFull(b))[0]!;
    return first.id === found.e.id ? found : { e: first, m: found.m };
  }

  private forSomeone(source: TextSpan, inside: { e: Entity; m: EntityMention }[]): boolean {
    return inside.some((x) => {
      if (x.e.type !== 'person') return false;
      const lead = this.ctx.text.slice(source.start, x.m.start);
      const m = /(?<noun>\p{Ll}+)\s+(?<prep>\p{Ll}+)\s+(?:\p{Lu}\p{Ll}{0,3}\.\s+)?$/u.exec(lead);
      const noun = m?.groups!.noun!.replace(/s$/, '') ?? '';
      return (
        !!m &&
        this.ql.agentPrepositions.has(m.groups!.prep!) &&
        (this.ql.personNouns.has(noun) || this.ql.speakerNouns.has(noun))
      );
    });
  }

  /** Speakers named in the text whom the entity list missed, by folded surname. */
  private readonly unlisted = new Map<string, string>();

  private nameHead(
    source: TextSpan,
    inside: { e: Entity; m: EntityMention }[],
  ): { tokens: { start: number; end: number; text: string }[] } | null {
    const cut = source.text.search(/,|\(|\s[—–-]{1,2}\s/u);
    const phrase = cut < 0 ? source.text : source.text.slice(0, cut);
    const tokens = [...phrase.matchAll(/[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’.-]*/gu)].map((m) => ({
      start: source.start + m.index,
      end: source.start + m.index + m[0].length,
      text: m[0],
    }));
    const lex = this.ql.lex;
    const titleLike = (w: string): boolean => {
      const l = w.toLowerCase();
      return lex.titles.has(l) || lex.titles.has(l.replace(/\.$/, '')) || this.ql.honorifics.has(l);
    };
    const nameLike = (w: string): boolean =>
      /^\p{Lu}/u.test(w) && !/['’]s$/u.test(w) && !this.ql.determiners.has(w.toLowerCase());
    const inOther = (t: { start: number; end: number }): boolean =>
      inside.some(
        (x) =>
          (x.e.type === 'organization' || x.e.type === 'place') && x.m.start <= t.start && x.m.end >= t.end,
      );
    // A run another entity's mention starts with is that entity ("Foreign Ministry"), not a person; a mention
    // starting earlier, at a title, is a person with a title ("Senate Majority Leader Mitch McConnell").
    const other = (run: { start: number; end: number; text: string }[]): boolean =>
      run.every((t) => inOther(t)) ||
      inside.some(
        (x) =>
          (x.e.type === 'organization' || x.e.type === 'place') &&
          x.m.start >= run[0]!.start &&
          x.m.end >= run.at(-1)!.end,
      ) ||
      (this.ql.speakerNouns.has(run.at(-1)!.text.toLowerCase()) &&
        !this.ql.personNouns.has(run.at(-1)!.text.toLowerCase()));
    // the runs of capitalised words, last first; a run inside an organisation or a place is not a name
    let end = tokens.length;
    while (end > 0) {
      while (end > 0 && !nameLike(tokens[end - 1]!.text)) end--;
      let start = end;
      while (start > 0 && nameLike(tokens[start - 1]!.text)) start--;
      // the name starts after the run's last title ("Senate Majority Leader Mitch McConnell")
      let from = start;
      for (let k = start; k < end; k++) if (titleLike(tokens[k]!.text)) from = k + 1;
      // an organisation before the name is not part of it ("Ora Media …"); a place may be a first name ("Douglas")
      const inOrg = (t: { start: number; end: number }): boolean =>
        inside.some((x) => x.e.type === 'organization' && x.m.start <= t.start && x.m.end >= t.end);
      while (
        from < end &&
        (inOrg(tokens[from]!) || this.ql.nounPhraseStops.has(tokens[from]!.text.toLowerCase()))
      )
        from++;
      const run = tokens.slice(from, end);
      const titled = from > start && titleLike(tokens[from - 1]!.text);
      // A run after "of", "in", "for" … is a complement ("the President of the Russian Federation"), not the head.
      const before = tokens[start - 1]?.text.toLowerCase() ?? '';
      const complement =
        before === 'of' || this.ql.nounPhraseStops.has(before) || this.ql.determiners.has(before);
      if (run.length && !complement)
        return !other(run) && (run.length >= 2 || titled) ? { tokens: run } : null;
      end = start;
    }
    return null;
  }

  private pronoun(source: TextSpan, at: number): Speaker {
    // Only people the pronoun can stand for: "she" is not resolved to a man, nor "he" to a woman (a person whose
    // gender the text does not show may be either).
    const gender = this.ql.pronounGenders.get(source.text.toLowerCase());
    const fits = (id: string | null, name?: string): boolean => {
      if (!gender) return true;
      // "he" and "she" stand for people, never for an organisation or a place
      // (one whose type is only a guess may be a person: "Carson", a town's name too)
      if (
        id &&
        this.ctx.entities.some(
          (x) => x.id === id && !x.uncertain && (x.type === 'organization' || x.type === 'place'),
        )
      )
        return false;
      if (!id && name && this.isPeople(name)) return false;
      const e = id ? this.people.find((p) => p.id === id) : undefined;
      // a speaker the entity list missed is known by name only: its first name may tell its gender
      const g = e ? this.genderOf(e) : name ? this.genderOfName(name) : null;
      return !g || g === gender;
    };
    const found = this.discourse(source, fits);
    if (found) return found;
    const recentSpeaker =
      this.lastSpeaker &&
      at - this.lastSpeaker.at < 1500 &&
      fits(this.lastSpeaker.entity, this.lastSpeaker.name)
        ? this.lastSpeaker
        : null;
    const mentioned = this.people
      .filter((e) => fits(e.id))
      .map((e) => ({ e, pos: this.lastNamedBefore(e, at), subject: this.lastSubjectBefore(e, at) }))
      .filter((x) => x.pos >= 0);
    const latest = (key: 'pos' | 'subject'): { e: Entity; pos: number } | undefined =>
      mentioned
        .filter((x) => x[key] >= 0)
        .map((x) => ({ e: x.e, pos: x[key] }))
        .sort((a, b) => b.pos - a.pos)[0];
    // Salience: the person last named as a subject ("Kerry said …, and he urged …"; "Scott bristles at … ¶ “…,”
    // he said"), unless the last speaker spoke after that; a person only named in passing (an object, a
    // possessive) does not take over the discourse.
    const subject = latest('subject');
    const sentence = sentenceAt(this.ctx.sentences, at);
    if (subject && sentence && subject.pos >= sentence.start)
      return { source, speaker: subject.e.name, entity: subject.e.id, confidence: 0.8 };
    if (recentSpeaker && (!subject || recentSpeaker.at >= subject.pos))
      return { source, speaker: recentSpeaker.name, entity: recentSpeaker.entity, confidence: 0.75 };
    if (subject) return { source, speaker: subject.e.name, entity: subject.e.id, confidence: 0.7 };
    const any = latest('pos');
    if (any) return { source, speaker: any.e.name, entity: any.e.id, confidence: 0.6 };
    return { source, speaker: null, entity: null, confidence: 0.3 };
  }

  /**
   * A pronoun's antecedent read from the parse: the nearest subject before it, outside quotation marks, in its
   * sentence and then in the sentences before (the main clause's subject first), that can be a person of the
   * pronoun's gender: a person named there, a name the entity list did not type, or a speaker phrase already
   * resolved. A subject pronoun of the same form on the way refers to the same person, so the search goes on
   * past it; a subject that cannot be the antecedent (an organisation, a plural noun, a person of the other
   * gender) is passed over. Null when the parse is unavailable or finds no one within a few sentences.
   */
  private discourse(source: TextSpan, fits: (id: string | null, name?: string) => boolean): Speaker | null {
    const parses = this.parses;
    if (!parses?.enabled) return null;
    const pronoun = source.text.toLowerCase();
    const first = parses.indexAt(source.start);
    if (first < 0) return null;
    for (let i = first, n = 0; i >= 0 && n < DISCOURSE_SENTENCES; i--, n++) {
      const before = i === first ? source.start : Infinity;
      // A quote's speaker named in the sentence is its most salient person, whatever the parse made of it
      // ("…, noted NBC's Dante Chinni.").
      const sentence = parses.sentences[i]!;
      const spoke = [...this.resolvedSources.entries()]
        .filter(([start]) => start >= sentence.start && start < Math.min(before, sentence.end))
        .sort((a, b) => b[0] - a[0])[0]?.[1];
      if (spoke && fits(spoke.entity, spoke.speaker))
        return { source, speaker: spoke.speaker, entity: spoke.entity, confidence: 0.8 };
      // only a sentence naming someone can hold the antecedent: the others are not parsed
      if (!this.namesSomeone(sentence.start, Math.min(before, sentence.end))) continue;
      for (const { token, phrase } of subjectsOf(parses, i, before, this.quoted)) {
        const done = this.resolvedSources.get(this.sourceStartAt(token.start) ?? -1);
        if (done) {
          if (fits(done.entity, done.speaker))
            return { source, speaker: done.speaker, entity: done.entity, confidence: 0.8 };
          continue;
        }
        if (token.upos === 'PRON') continue; // "he" before "he": the same person, further back
        // a subject whose head is a job word names its person further in its phrase ("Actress and activist
        // Rose McGowan", which the parse may read as "Actress" with the rest hanging from it)
        const m =
          this.mentionAt(token.start, token.end) ??
          phrase.map((t) => this.mentionAt(t.start, t.end)).find((x) => x?.e.type === 'person');
        if (!m || m.e.type === 'organization' || m.e.type === 'place') continue;
        // "Republicans", "Democrats": a party's members are not one person
        if (m.e.type !== 'person' && this.ql.lex.entityWords?.affiliations.has(fold(m.e.name))) continue;
        // a name the entity list did not type is a person's when it opens with a known first name
        if (m.e.type !== 'person' && token.upos !== 'PROPN') continue;
        if (!fits(m.e.type === 'person' ? m.e.id : null, m.e.type === 'person' ? undefined : m.e.name))
          continue;
        // an untyped name's gender shows in an honorific before it ("Mrs. Meehan")
        if (m.e.type !== 'person' && !this.genderFits(m.e, pronoun)) continue;
        return { source, speaker: m.e.name, entity: m.e.id, confidence: 0.8 };
      }
    }
    return null;
  }

  /** The last speaker phrase before `pos`, within a few paragraphs, resolved to an entity that is not a person. */
  private lastNonPerson(pos: number): { speaker: string; entity: string | null } | null {
    let best: { start: number; speaker: string; entity: string | null } | null = null;
    for (const [start, r] of this.resolvedSources) {
      if (start >= pos || pos - start > NON_PERSON_REACH || (best && best.start > start)) continue;
      const e = r.entity ? this.ctx.entities.find((x) => x.id === r.entity) : undefined;
      if (e && e.type !== 'person') best = { start, speaker: r.speaker, entity: r.entity };
    }
    return best;
  }

  /** Whether [start, end) holds, outside quotation marks, a mention that may be a person. */
  private namesSomeone(start: number, end: number): boolean {
    for (
      let i = firstIndex(this.mentions, (x) => x.m.start < start);
      i < this.mentions.length && this.mentions[i]!.m.start < end;
      i++
    ) {
      const x = this.mentions[i]!;
      if (x.e.type !== 'organization' && x.e.type !== 'place' && !this.quoted(x.m.start)) return true;
    }
    return false;
  }

  private genderFits(e: Entity, pronoun: string): boolean {
    const gender = this.ql.pronounGenders.get(pronoun);
    const g = this.genderOf(e);
    return !gender || !g || g === gender;
  }

  /** The start of a resolved speaker phrase that holds `pos`. */
  private sourceStartAt(pos: number): number | undefined {
    for (const [start, r] of this.resolvedSources) if (start <= pos && pos < r.end) return start;
    return undefined;
  }

  /**
   * A person's name right after `source`, set off by a comma before it and a comma or stop after it.
   */
  private appositiveAfter(source: TextSpan): { e: Entity; m: EntityMention } | undefined {
    const comma = /^,[ \t]*/u.exec(this.ctx.text.slice(source.end, source.end + 4));
    if (!comma) return undefined;
    const at = source.end + comma[0].length;
    const x = this.mentionAt(at, at + 1);
    // (a full name the text gave no type yet counts: "the correspondent, Kaitlan Collins,")
    const person = x?.e.type === 'person' || (x?.e.type === 'other' && /\s/u.test(x.e.name));
    if (!x || x.m.start !== at || !person) return undefined;
    return /^[ \t]*[,.;]/u.test(this.ctx.text.slice(x.m.end, x.m.end + 3)) ? x : undefined;
  }

  /**
   * The author of a document that speaks ("reads a joint statement from Sen. Ed Markey", "a letter by the
   * ministry"): the person or organisation named right after its preposition, over a title.
   */
  private authorAfter(source: TextSpan): { e: Entity; m: EntityMention } | undefined {
    const head = source.text.toLowerCase().split(/\s+/u).at(-1)!;
    if (!this.ql.documentNouns.has(head)) return undefined;
    const after = /^\s+(?<prep>\p{Ll}+)\s+(?:the\s+)?/u.exec(
      this.ctx.text.slice(source.end, source.end + 20),
    );
    if (!after || !this.ql.authorPrepositions.has(after.groups!.prep!)) return undefined;
    const at = source.end + after[0].length;
    // (the mention may begin after a title: "Sen. Ed Markey")
    for (let i = firstIndex(this.mentions, (x) => x.m.start < at); i < this.mentions.length; i++) {
      const x = this.mentions[i]!;
      if (x.m.start > at + 24) break;
      if (/^[\p{L}.\s]*$/u.test(this.ctx.text.slice(at, x.m.start)) && x.e.type !== 'place') return x;
    }
    return undefined;
  }

  /** The entity mention that holds [start, end). */
  private mentionAt(start: number, end: number): { e: Entity; m: EntityMention } | undefined {
    let best: { e: Entity; m: EntityMention } | undefined;
    for (
      let i = firstIndex(this.mentions, (x) => x.m.start < start - 200);
      i < this.mentions.length && this.mentions[i]!.m.start <= start;
      i++
    ) {
      const x = this.mentions[i]!;
      if (x.m.start <= start && x.m.end >= end && (!best || x.m.end - x.m.start > best.m.end - best.m.start))
        best = x;
    }
    return best;
  }

  private readonly subjects = new Map<string, number[]>();

  /** Where the person was last named as a subject before `at` (outside quotations), -1 when never. */
  private lastSubjectBefore(e: Entity, at: number): number {
    let starts = this.subjects.get(e.id);
    if (!starts) {
      const spoken = new Set(this.spoken.get(e.id) ?? []);
      starts = e.mentions
        .filter((m) => spoken.has(m.start) && this.subjectLike(m))
        .map((m) => m.start)
        .sort((a, b) => a - b);
      this.subjects.set(e.id, starts);
    }
    return lastStartBefore(starts, at);
  }

  /**
   * Whether a mention stands where a subject stands: opening its sentence or clause (after a short modifier, an
   * introductory phrase and its comma, or a conjunction), not a possessive, and followed, past an apposition set
   * off by commas or a parenthesis, by a lower-case word that is not a preposition (a verb: "Ham went", "Rendell,
   * a Clinton surrogate, said").
   */
  private subjectLike(m: EntityMention): boolean {
    const text = this.ctx.text;
    const sentence = sentenceAt(this.ctx.sentences, m.start);
    if (!sentence) return false;
    const lead = text.slice(sentence.start, m.start);
    const words = lead.trim().split(/\s+/).filter(Boolean);
    const opens =
      /(?:^|,|[—–:;]|\b(?:and|but|while|when|as|because|after|although|though))\s*[“"]?\s*$/u.test(lead) ||
      (words.length <= 4 &&
        words.every((w) => !this.ql.nounPhraseStops.has(w.toLowerCase()) && !finiteLike(w, this.ql)));
    if (!opens) return false;
    let rest = text.slice(m.end, Math.min(sentence.end, m.end + 200));
    if (/^['’]s?\b/u.test(rest)) return false;
    rest = rest.replace(/^\s*\([^()]{0,60}\)/u, '').replace(/^\s*,[^,.;:!?“”"]{1,150},/u, '');
    const next = /^\s+(?<word>\p{Ll}[\p{L}'’-]*)/u.exec(rest)?.groups?.word;
    return !!next && !this.ql.nounPhraseStops.has(next) && !this.ql.determiners.has(next);
  }

  private readonly genders = new Map<string, Gender | null>();

  /** A person's gender as the text shows it: an honorific before a mention ("Mrs. Clinton"), else the first name. */
  private genderOf(e: Entity): Gender | null {
    if (this.genders.has(e.id)) return this.genders.get(e.id)!;
    let g: Gender | null = null;
    for (const m of e.mentions) {
      const before = /([\p{L}]+\.?)\s+$/u
        .exec(this.ctx.text.slice(Math.max(0, m.start - 8), m.start))?.[1]
        ?.toLowerCase();
      const inside = m.text.split(/\s+/)[0]!.toLowerCase();
      g =
        this.ql.honorifics.get(inside) ??
        (before ? (this.ql.honorifics.get(before) ?? this.ql.genderedNouns.get(before)) : undefined) ??
        null;
      if (g) break;
    }
    if (!g) g = this.genderOfName(e.name);
    this.genders.set(e.id, g);
    return g;
  }

  /** The gender a full name's first name suggests, null when it does not or the name is one word. */
  private genderOfName(name: string): Gender | null {
    const words = name.split(/\s+/);
    if (words.length < 2) return null;
    const lang = (['en', 'it', 'es', 'fr', 'de', 'tr'].includes(this.ctx.lang) ? this.ctx.lang : '') as 'en';
    // the first word that is a given name: an epithet or a title may stand before it ("Crooked Hillary Clinton")
    for (const w of words.slice(0, -1)) {
      if (!/^\p{Lu}\p{Ll}+$/u.test(w) || this.ql.lex.titles.has(w.toLowerCase())) continue;
      const found = getGender(w, lang);
      if (found !== 'unknown') return found;
    }
    return null;
  }

  /** "the Republican": the person last named whom the text gave that party ("Republican Donald Trump"). */
  private partyMember(phrase: string, at: number): Entity | null {
    const party = this.ql.lex.entityWords?.affiliations;
    if (!party?.has(phrase)) return null;
    const members = this.people.filter((p) => p.roles.some((r) => r.split(/\s+/).includes(phrase)));
    return members.map((e) => ({ e, pos: lastBefore(e, at) })).sort((a, b) => b.pos - a.pos)[0]?.e ?? null;
  }

  /** Whether the phrase is a person's role of something: "the head of X", "the chief of X" (a role noun before "of"). */
  private holderOf(words: string[]): boolean {
    const of = words.indexOf('of');
    const noun = words[of - 1];
    return of > 0 && !!noun && (roleNouns(this.ql.lex).includes(noun) || this.ql.personNouns.has(noun));
  }

  /** The organisation a role phrase names after "of" ("the head of the World Health Organization"). */
  private orgOf(phrase: string): Entity | undefined {
    const of = phrase.indexOf(' of ');
    if (of < 0) return undefined;
    const after = ` ${phrase.slice(of + 4)} `;
    return this.ctx.entities.find(
      (e) => e.type === 'organization' && e.aliases.some((a) => after.includes(` ${fold(a)} `)),
    );
  }

  /** "the Russian leader", "the head of state", "the President of the Russian Federation". */
  private role(words: string[], at: number): Entity | null {
    const lex = this.ql.lex;
    const phrase = words.filter((w) => !this.ql.determiners.has(w)).join(' ');
    const padded = ` ${phrase} `;
    const noun = roleNouns(lex).find((n) => padded.includes(` ${n} `));
    if (!noun) return this.partyMember(phrase, at);
    const demonym = words.find((w) => lex.demonyms.has(w));
    const country = demonym
      ? lex.demonyms.get(demonym)
      : (this.ctx.entities.find(
          (e) =>
            e.type === 'place' &&
            phrase.includes(
              ` of ${fold(e.aliases.find((a) => phrase.includes(a.toLowerCase())) ?? '\u0000')}`,
            ),
        )?.name ?? null);
    // "the head of the WHO": only someone the text gave a role of that organisation ("WHO Director-General …")
    const org = this.orgOf(fold(phrase));
    // (the role names it, or the organisation stands right before the role: "IMF managing director Lotte Varga")
    const ofOrg = (p: Entity, r: string): boolean =>
      !org ||
      org.aliases.some(
        (a) =>
          ` ${fold(r)} `.includes(` ${fold(a)} `) ||
          p.mentions.some((m) =>
            fold(this.ctx.text.slice(Math.max(0, m.start - 80), m.start)).endsWith(`${fold(a)} ${fold(r)}`),
          ),
      );
    const candidates = this.people.filter((p) =>
      p.roles.some((r) => {
        if (!ofOrg(p, r)) return false;
        const parts = r.split(/\s+/);
        const title = titleOf(r, lex);
        const office = lex.offices.get(title) ?? new Set([title]);
        if (!office.has(noun) && title !== noun) return false;
        if (!country) return true;
        const roleCountry =
          lex.demonyms.get(parts[0]!) ??
          (/ of (.*)$/.exec(r)?.[1] ? lex.known.get(fold(/ of (.*)$/.exec(r)![1]!))?.name : undefined);
        return !roleCountry || roleCountry === country;
      }),
    );
    // Discourse first: the current speaker keeps the role ("the president" after Putin spoke stays Putin).
    const current = candidates.find((e) => e.id === this.lastSpeaker?.entity);
    if (current) return current;
    const best = candidates.map((e) => ({ e, pos: lastBefore(e, at) })).sort((a, b) => b.pos - a.pos)[0];
    if (best) return best.e;
    if (org) return null;
    // No one was given that role explicitly: the current person speaker, when there is one and nobody was named
    // as a subject since ("…,” McCain said. ¶ Trump, appearing after him, cited … ¶ “…,” the New York
    // businessman said": not McCain).
    const speaking = this.lastSpeaker?.entity
      ? this.people.find((p) => p.id === this.lastSpeaker!.entity)
      : undefined;
    if (!speaking) return null;
    // nor a speaker of the other gender than the noun's ("the businessman" is not the mayor who spoke, Ilse)
    const gender = this.ql.genderedNouns.get(noun);
    const theirs = this.genderOf(speaking);
    if (gender && theirs && gender !== theirs) return null;
    const since = this.people.some(
      (p) => p.id !== speaking.id && this.lastSubjectBefore(p, at) > this.lastSpeaker!.at,
    );
    return since ? null : speaking;
  }
}

/** The shape of an adjective of a people or a region ("Catalan", "Bavarian", "Flemish", "Maltese"). */
const ADJECTIVE_OF_PLACE = /^\p{Lu}\p{Ll}+(?:an|ese|ish|ic)$/u;

/** How far back, in characters, a person introduced by full name as a subject holds a surname they share. */
const RECENT_FULL_NAME = 600;

/** How many sentences back a pronoun looks for its antecedent in the parse. */
const DISCOURSE_SENTENCES = 6;

/** How far back, in characters, "it" or "they" looks for the organisation that spoke. */
const NON_PERSON_REACH = 1500;

export const roleNounCache = new WeakMap<Lexicon, string[]>();

/** Every office and title noun of a lexicon, longest first. */
export function roleNouns(lex: Lexicon): string[] {
  let nouns = roleNounCache.get(lex);
  if (!nouns) {
    nouns = [...new Set([...lex.offices.values()].flatMap((s) => [...s]).concat([...lex.titles]))].sort(
      (a, b) => b.length - a.length,
    );
    roleNounCache.set(lex, nouns);
  }
  return nouns;
}

/** The title inside a role: "harbour minister" -> "minister", "president of russia" -> "president". */
export function titleOf(role: string, lex: Lexicon): string {
  const words = role.replace(/ of .*$/, '').split(/\s+/);
  for (let k = 0; k < words.length; k++) {
    const t = words.slice(k).join(' ');
    if (lex.titles.has(t)) return t;
  }
  return words.at(-1)!;
}

export const mentionStarts = new WeakMap<Entity, number[]>();

/** Where the entity was last mentioned before `at` (-1 when it was not): a binary search. */
export function lastBefore(e: Entity, at: number): number {
  let starts = mentionStarts.get(e);
  if (!starts) mentionStarts.set(e, (starts = e.mentions.map((m) => m.start).sort((a, b) => a - b)));
  return lastStartBefore(starts, at);
}

/** The greatest of sorted `starts` below `at`, or -1. */
export function lastStartBefore(starts: number[], at: number): number {
  const i = firstIndex(starts, (p) => p < at);
  return i > 0 ? starts[i - 1]! : -1;
}

/** Whether a word looks like a finite verb rather than a modifier ("criticized", "has"). */
function finiteLike(w: string, ql: QuoteLexicon): boolean {
  return ql.auxiliaries.has(w.toLowerCase()) || /^\p{Ll}+(?:ed|s)$/u.test(w);
}

function otherGender(g: Gender): Gender {
  return g === 'male' ? 'female' : 'male';
}

/** A name's words without a generational suffix at the end ("joseph r. biden jr." -> "joseph r. biden"). */
function withoutSuffix(parts: string[], ql: QuoteLexicon): string[] {
  return parts.length > 1 && ql.nameSuffixes.has(parts.at(-1)!) ? parts.slice(0, -1) : parts;
}
