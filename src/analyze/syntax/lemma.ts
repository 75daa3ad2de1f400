/**
 * A small rule-based English lemmatizer: irregular forms from data/syntax.en.json, then suffix rules for
 * plural nouns and inflected verbs. Cheap and approximate (proper nouns keep their form).
 */
import { loadData } from '../../util/data.js';

interface LemmaData {
  lemmas: { verbs: Record<string, string>; nouns: Record<string, string> };
}

let tables: { verbs: Map<string, string>; nouns: Map<string, string> } | null = null;

function irregular(): NonNullable<typeof tables> {
  if (!tables) {
    const { lemmas } = loadData<LemmaData>('syntax.en.json');
    tables = { verbs: new Map(Object.entries(lemmas.verbs)), nouns: new Map(Object.entries(lemmas.nouns)) };
  }
  return tables;
}

/** Consonant endings after which a stripped "-ed"/"-ing" had a silent "e" ("created", "solving"). */
const SILENT_E = /(?:[^aeiou]at|v|z|[^aeiou]c|dg|[bcdfgkpt]l|[^aeiou]ur|iz|ys)$/;

function verbStem(w: string): string {
  const m = /^(?<stem>.+?)(?:ing|ed)$/.exec(w);
  if (!m || m.groups!.stem!.length < 2 || !/[aeiouy]/.test(m.groups!.stem!)) {
    if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + 'y';
    if (/(?:ss|sh|ch|x|z|o)es$/.test(w)) return w.slice(0, -2);
    if (/[^s]s$/.test(w)) return w.slice(0, -1);
    return w;
  }
  const stem = m.groups!.stem!;
  if (w.endsWith('ied')) return stem.slice(0, -1) + 'y';
  // "agreed", "freed": the verb itself ends in "ee".
  if (w.endsWith('eed')) return stem + 'e';
  if (/([bdgmnprt])\1$/.test(stem)) return stem.slice(0, -1);
  if (SILENT_E.test(stem)) return stem + 'e';
  return stem;
}

function nounStem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (/(?:ss|sh|ch|x|zz)es$/.test(w)) return w.slice(0, -2);
  if (/(?:ss|us|is)$/.test(w) || w.length < 4) return w;
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

/**
 * Penn tags of verb forms that carry no suffix to strip: a base form that merely ends like an inflection
 * ("need", "proceed", "bring") is its own lemma.
 */
const UNINFLECTED_VERB = new Set(['VB', 'VBP']);

/** `xpos` (a Penn tag), when the tagger gives one, tells a base form from an inflected one. */
export function lemmatize(form: string, upos: string, xpos?: string): string {
  if (upos === 'PROPN') return form;
  const w = form.toLowerCase().replace(/’/g, "'");
  const { verbs, nouns } = irregular();
  if (upos === 'VERB' || upos === 'AUX') {
    const known = verbs.get(w);
    if (known) return known;
    return xpos && UNINFLECTED_VERB.has(xpos) ? w : verbStem(w);
  }
  if (upos === 'NOUN') return nouns.get(w) ?? nounStem(w);
  if (upos === 'PART' && w === "n't") return 'not';
  return w;
}
