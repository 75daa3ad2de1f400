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
  ) {
    this.people = ctx.entities.filter((e) => e.type === 'person');
    const inside = (pos: number): boolean => {
      const i = firstIndex(quoted, (q) => q.close <= pos);
      return i < quoted.length && quoted[i]!.open < pos;
    };
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

  noteSpeaker(q: Quote): void {
    const e = this.ctx.entities.find((x) => x.id === q.speakerEntity);
    if (!e || e.type === 'person')
      this.lastSpeaker = { name: q.speaker!, entity: q.speakerEntity, at: q.start };
  }

  resolve(source: TextSpan, at: number): Speaker {
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
      if (this.lastSpeaker)
        return { source, speaker: this.lastSpeaker.name, entity: this.lastSpeaker.entity, confidence: 0.5 };
      return { source, speaker: null, entity: null, confidence: 0.3 };
    }
    const person = inside.find((x) => x.e.type === 'person');
    if (person) return { source, speaker: person.e.name, entity: person.e.id, confidence: 0.95 };
    const role = this.role(words, at);
    if (role) return { source, speaker: role.name, entity: role.id, confidence: 0.8 };
    // "The New York businessman", "the billionaire": a definite description of a person the text has named.
    if (
      words.length > 1 &&
      this.ql.determiners.has(words[0]!) &&
      this.ql.personNouns.has(words.at(-1)!) &&
      !inside.some((x) => x.e.type === 'organization')
    ) {
      const p = this.pronoun({ ...source, text: '' }, at);
      if (p.speaker) return { ...p, source, confidence: Math.min(p.confidence, 0.6) };
    }
    const org = inside.find((x) => x.e.type !== 'person');
    if (org && !(org.e.type === 'place' && inside.length > 1))
      return { source, speaker: org.e.name, entity: org.e.id, confidence: 0.85 };
    // "the ministry": the organisation mentioned last whose name ends in that noun
    const head = words.at(-1)!.replace(/'s$/, '');
    const orgs = this.ctx.entities
      .filter((e) => e.type === 'organization' && fold(e.name).split(' ').at(-1) === head)
      .filter((e) => e.mentions.some((m) => m.start < at))
      .sort((a, b) => lastBefore(b, at) - lastBefore(a, at));
    if (orgs[0]) return { source, speaker: orgs[0].name, entity: orgs[0].id, confidence: 0.6 };
    if (inside[0]) return { source, speaker: inside[0].e.name, entity: inside[0].e.id, confidence: 0.6 };
    return { source, speaker: null, entity: null, confidence: 0.3 };
  }

  private pronoun(source: TextSpan, at: number): Speaker {
    // Only people the pronoun can stand for: "she" is not resolved to a man, nor "he" to a woman.
    const gender = this.ql.pronounGenders.get(source.text.toLowerCase());
    const fits = (id: string | null): boolean => {
      if (!gender || !id) return true;
      const e = this.people.find((p) => p.id === id);
      const g = e ? this.genderOf(e) : null;
      return !g || g === gender;
    };
    const recentSpeaker =
      this.lastSpeaker && at - this.lastSpeaker.at < 1500 && fits(this.lastSpeaker.entity)
        ? this.lastSpeaker
        : null;
    // The person mentioned last before the pronoun, unless the discourse is about the last speaker.
    // People whose gender the text shows come first, then those it does not ("the Convention" may be a misread name).
    const known = (e: Entity): number => (gender && this.genderOf(e) === gender ? 1 : 0);
    const mentioned = this.people
      .filter((e) => fits(e.id))
      .map((e) => ({ e, pos: this.lastNamedBefore(e, at) }))
      .filter((x) => x.pos >= 0)
      .sort((a, b) => known(b.e) - known(a.e) || b.pos - a.pos);
    const sentence = sentenceAt(this.ctx.sentences, at);
    const inSentence = mentioned.find((x) => sentence && x.pos >= sentence.start);
    if (inSentence) return { source, speaker: inSentence.e.name, entity: inSentence.e.id, confidence: 0.8 };
    if (recentSpeaker)
      return { source, speaker: recentSpeaker.name, entity: recentSpeaker.entity, confidence: 0.75 };
    if (mentioned[0])
      return { source, speaker: mentioned[0].e.name, entity: mentioned[0].e.id, confidence: 0.6 };
    return { source, speaker: null, entity: null, confidence: 0.3 };
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
      g = this.ql.honorifics.get(inside) ?? (before ? this.ql.honorifics.get(before) : undefined) ?? null;
      if (g) break;
    }
    if (!g) {
      const first = e.name
        .split(/\s+/)
        .find((w) => /^\p{Lu}\p{Ll}+$/u.test(w) && !this.ql.lex.titles.has(w.toLowerCase()));
      const found =
        first && e.name.split(/\s+/).length > 1
          ? getGender(
              first,
              (['en', 'it', 'es', 'fr', 'de', 'tr'].includes(this.ctx.lang) ? this.ctx.lang : '') as 'en',
            )
          : 'unknown';
      g = found === 'unknown' ? null : found;
    }
    this.genders.set(e.id, g);
    return g;
  }

  /** "the Russian leader", "the head of state", "the President of the Russian Federation". */
  private role(words: string[], at: number): Entity | null {
    const lex = this.ql.lex;
    const phrase = words.filter((w) => !this.ql.determiners.has(w)).join(' ');
    const padded = ` ${phrase} `;
    const noun = roleNouns(lex).find((n) => padded.includes(` ${n} `));
    if (!noun) return null;
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
    const candidates = this.people.filter((p) =>
      p.roles.some((r) => {
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
    // No one was given that role explicitly: the current person speaker, when there is one.
    if (this.lastSpeaker?.entity) return this.people.find((p) => p.id === this.lastSpeaker!.entity) ?? null;
    return null;
  }
}

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
