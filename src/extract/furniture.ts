/**
 * Page furniture in text scraped without markup: lines that belong to the page, not the article.
 * Each rule is a general pattern of web pages (never a pattern of one site); a line is dropped only when a
 * rule is clearly met, so article sentences survive. English phrasing first; rules for other languages
 * belong in this list too.
 */
import { loadData } from '../util/data.js';
import { escapeRegExp } from '../util/text.js';

interface FurnitureData {
  maxLength: number;
  longMaxLength: number;
  sentenceMinWords: number;
  sentenceMinLower: number;
  sentenceVerbs: Record<string, string[]>;
  photoServices: string[];
  startsWith: Record<string, Record<string, string[]>>;
  endsWith: Record<string, Record<string, string[]>>;
  exact: Record<string, Record<string, string[]>>;
}

interface SentenceTest {
  minWords: number;
  minLower: number;
  verbs: Set<string>;
}
let sentenceTest: SentenceTest | null = null;
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * True when a line reads as a sentence of running text: it ends in closing punctuation (a quotation mark or
 * bracket may follow) and has several words, some in lower case (not a list of names), or a verb the data
 * knows. By structure and punctuation first, so that it holds in any language; words only for short lines.
 */
export function readsAsSentence(line: string): boolean {
  if (!/[.!?…。！？؟][\p{Pf}\p{Pe}"'»]*$/u.test(line)) return false;
  if (!sentenceTest) {
    const data = loadData<FurnitureData>('furniture.json');
    sentenceTest = {
      minWords: data.sentenceMinWords,
      minLower: data.sentenceMinLower,
      verbs: new Set(Object.values(data.sentenceVerbs).flat()),
    };
  }
  // Word segmentation by Unicode rules (and dictionaries for scripts written without spaces, like Chinese).
  const words = [...wordSegmenter.segment(line)].filter((w) => w.isWordLike).map((w) => w.segment);
  // Scripts without case (Chinese, Arabic…) cannot show running text by lower-case words: the count decides.
  const cased = /[\p{Lu}\p{Ll}]/u.test(line);
  const lower = words.filter((w) => /^\p{Ll}/u.test(w)).length;
  if (words.length >= sentenceTest.minWords && (!cased || lower >= sentenceTest.minLower)) return true;
  return words.length >= 2 && words.some((w) => sentenceTest!.verbs.has(w.toLowerCase()));
}

let photoServiceRe: RegExp | null = null;

/** A news agency or photo service named as a whole word (or between slashes, pipes, brackets). */
function namesPhotoService(s: string): boolean {
  if (!photoServiceRe) {
    const names = loadData<FurnitureData>('furniture.json').photoServices.sort((a, b) => b.length - a.length);
    photoServiceRe = new RegExp(`(?:^|[\\s/|(])(?:${names.map(escapeRegExp).join('|')})(?:[\\s/|)]|$)`, 'iu');
  }
  return photoServiceRe.test(s);
}

let phraseRules: FurnitureRule[] | null = null;
let relatedHeadings: Set<string> | null = null;

/**
 * True when a line is only the heading of a list of other articles ("You may also like", "Mehr zum
 * Thema:", "Você pode gostar...") or of an author box ("About the author"): what follows is not this article.
 */
export function isRelatedHeading(line: string): boolean {
  if (line.length > 60) return false;
  if (!relatedHeadings) {
    const data = loadData<FurnitureData>('furniture.json');
    relatedHeadings = new Set(
      [...Object.values(data.startsWith.related ?? {}), ...Object.values(data.exact.author ?? {})].flat(),
    );
  }
  return relatedHeadings.has(line.replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '').toLowerCase());
}

/** Rules from data/furniture.json: short lines opening with a known phrase, one rule per group. */
function knownPhraseRules(): FurnitureRule[] {
  if (phraseRules) return phraseRules;
  const data = loadData<FurnitureData>('furniture.json');
  phraseRules = Object.entries(data.startsWith).map(([group, byLanguage]) => {
    // A phrase of three words or more is specific enough to mark a longer line too.
    const phrases = Object.values(byLanguage)
      .flat()
      .sort((a, b) => b.length - a.length);
    const long = phrases.filter((p) => p.split(/\s+/).length >= 3);
    const re = new RegExp(`^(?:${phrases.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
    const reLong = long.length
      ? new RegExp(`^(?:${long.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu')
      : null;
    return {
      name: `known-${group}`,
      test: (s: string) =>
        (s.length <= data.maxLength && re.test(s)) ||
        (!!reLong && s.length <= data.longMaxLength && reLong.test(s)),
    };
  });
  for (const [group, byLanguage] of Object.entries(data.endsWith)) {
    const phrases = Object.values(byLanguage).flat();
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.map(escapeRegExp).join('|')})[\\p{P}\\s]*$`, 'iu');
    phraseRules.push({
      name: `known-${group}`,
      test: (s: string) => s.length <= data.longMaxLength && re.test(s),
    });
  }
  for (const [group, byLanguage] of Object.entries(data.exact)) {
    const lines = new Set(Object.values(byLanguage).flat());
    phraseRules.push({
      name: `known-${group}`,
      test: (s: string) =>
        s.length <= 60 && lines.has(s.replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '').toLowerCase()),
    });
  }
  return phraseRules;
}

export interface FurnitureRule {
  name: string;
  /** True when the (trimmed) line is furniture. */
  test: (line: string) => boolean;
}

const endsLikeSentence = (s: string): boolean => /[.!?…"”»]$/.test(s);

export const FURNITURE_RULES: FurnitureRule[] = [
  {
    // Icon-font class names dumped as text: "icon bookmark-bicon cameraicon checkicon …"
    name: 'icon-run',
    test: (s) => (s.match(/icon/gi)?.length ?? 0) >= 3 && !/[.!?]\s/.test(s),
  },
  {
    name: 'cookie-banner',
    test: (s) =>
      s.length < 300 &&
      /\bcookies?\b/i.test(s) &&
      /\b(uses?|using|accept|agree|consent|policy|settings|preferences|find out more|learn more)\b/i.test(s),
  },
  {
    // "READ MORE: <headline>", "Related:", "See also" and bare "Read more" links
    name: 'read-more',
    test: (s) =>
      s.length < 250 &&
      /^(read more|read also|also read|see also|related( articles?| stories| news)?|recommended|more on this|watch)\b\s*[:»>|-]?/i.test(
        s,
      ) &&
      (!endsLikeSentence(s) || /^[^:]{0,30}:/.test(s)),
  },
  {
    // A call to the reader ("Follow us on …", "Click to share on …"). "Join us/them" is also ordinary prose
    // ("I got to join them for a game"): a call only where it opens a sentence or fills a short line.
    name: 'social-call-to-action',
    test: (s) =>
      s.length < 250 &&
      (/\b(follow us|like us on|subscribe (to|for)|sign up for|share (this|on)|download (our|the) app|get our newsletter)\b/i.test(
        s,
      ) ||
        (/\bjoin (us|them)\b/i.test(s) &&
          (s.length < 60 || /(?:^|[.!?…]\s+)["“'‘«([]*join (us|them)\b/i.test(s))) ||
        /\bfollow\b.{1,40}\bon (twitter|facebook|instagram|telegram|tiktok|linkedin|youtube|threads|bluesky)\b/i.test(
          s,
        ) ||
        /\b(download|get)\b.{1,50}\bapps? for (ios|android)\b/i.test(s) ||
        // "1.2M followers on Instagram" is a widget; "the senator, who has 3 million followers on X, …" is not.
        (/\bfollowers on\b/i.test(s) && !readsAsSentence(s))),
  },
  {
    // A photo credit on its own ("Augusta National/Getty Images", "AFP / MARCO BERTORELLO") or closing a
    // caption ("… (Foto: Getty)").
    name: 'photo-credit',
    test: (s) =>
      s.length < 200 &&
      (/\((photo|foto|bild|image|crédit|credit|imagen|fotos?)s?\s*:[^()]{1,60}\)$/i.test(s) ||
        /\s©\s*[^.!?©]{2,60}$/.test(s) ||
        // A short line naming an agency is a credit only when it does not read as a sentence: "The plan is
        // off, Reuters reported." is the article's, however short.
        (s.length < 80 && !/[.!?]\s/.test(s) && namesPhotoService(s) && !readsAsSentence(s))),
  },
  {
    // Media player furniture: "Podcasts", "0:00", "25:36", "Play", "Listen"
    name: 'media-player',
    test: (s) =>
      /^((podcasts?|listen|play|pause|mute|volume|video|audio)\b\s*)+$/i.test(s) ||
      /^(\d{1,2}:)?\d{1,2}:\d{2}(\s*[/|]\s*(\d{1,2}:)?\d{1,2}:\d{2})?$/.test(s),
  },
  {
    // Copyright and credit lines: kept out of the text (metadata, not article)
    name: 'credit-line',
    test: (s) =>
      s.length < 200 &&
      /^(©|\(c\)|copyright\b|all rights reserved\b|first published (by|in|on)\b|originally published\b|source:\s)/i.test(
        s,
      ),
  },
  {
    // A line that is only a date and time, e.g. a visible dateline "10 May, 2016 16:21"
    name: 'date-line',
    test: (s) =>
      s.length < 40 &&
      /^(\w+,?\s+)?(\d{1,2}\s+\p{L}+,?\s+\d{4}|\p{L}+\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})(\s*[,|-]?\s*\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?(\s*[A-Z]{2,4})?)?$/iu.test(
        s,
      ),
  },
  {
    // Navigation crumbs and share bars: short runs of words separated by pipes or bullets
    name: 'nav-bar',
    test: (s) => s.length < 200 && (s.match(/\s[|•·»]\s/g)?.length ?? 0) >= 2 && !endsLikeSentence(s),
  },
];

/** Name of the first furniture rule a line meets, or null. */
export function furnitureRule(line: string): string | null {
  const s = line.trim();
  if (!s) return null;
  for (const r of FURNITURE_RULES) if (r.test(s)) return r.name;
  for (const r of knownPhraseRules()) if (r.test(s)) return r.name;
  return null;
}
