/**
 * The seeds metrics, exactly as ../shared/gold/README.md defines them: quotes (detection, attribution,
 * end to end), figures, dates and entities. Pure functions of gold and predictions.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AnalyzedArticle } from '../model/document.js';
import { toRawOffset } from '../model/document.js';
import { fold, lexicon } from '../analyze/lexicon.js';
import { normalizeUnit } from '../analyze/figures.js';
import { words } from '../util/text.js';

export interface GoldQuote {
  doc: string;
  start: number;
  end: number;
  text: string;
  speaker: string;
  mention: string;
  kind: string;
  core: boolean;
}
export interface GoldFigure {
  doc: string;
  start: number;
  end: number;
  text: string;
  value?: number | null;
  low?: number;
  high?: number;
  qualifier: string;
  noun: string;
  core: boolean;
}
export interface GoldDate {
  doc: string;
  start: number;
  end: number;
  text: string;
  value: string;
  core: boolean;
}
export interface GoldEntity {
  name: string;
  type: string;
  aliases: string[];
  docs: string[];
}
export interface SeedsGold {
  quotes: GoldQuote[];
  figures: GoldFigure[];
  dates: GoldDate[];
  entities: GoldEntity[];
}

export function loadSeedsGold(dir: string): SeedsGold {
  const jsonl = <T>(f: string): T[] =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as T);
  return {
    quotes: jsonl('quotes.jsonl'),
    figures: jsonl('figures.jsonl'),
    dates: jsonl('dates.jsonl'),
    entities: JSON.parse(readFileSync(join(dir, 'entities.json'), 'utf8')),
  };
}

/** The gold's document key: the first three characters of the file name. */
export const docKey = (a: AnalyzedArticle): string => basename(a.source).slice(0, 3);

const tokens = (s: string): Set<string> => new Set(words(s.toLowerCase()));
const prf = (tp: number, nPred: number, nGold: number): { precision: number; recall: number; f1: number } => {
  const precision = nPred ? tp / nPred : 0;
  const recall = nGold ? tp / nGold : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
};

/** One-to-one greedy matching of predictions to golds by a score; `ok` says whether a pair may match at all. */
function matchOneToOne<P, G>(preds: P[], golds: G[], score: (p: P, g: G) => number): Map<number, number> {
  const pairs: [number, number, number][] = [];
  preds.forEach((p, i) =>
    golds.forEach((g, j) => {
      const s = score(p, g);
      if (s > 0) pairs.push([s, i, j]);
    }),
  );
  pairs.sort((a, b) => b[0] - a[0]);
  const byPred = new Map<number, number>();
  const usedGold = new Set<number>();
  for (const [, i, j] of pairs) {
    if (byPred.has(i) || usedGold.has(j)) continue;
    byPred.set(i, j);
    usedGold.add(j);
  }
  return byPred;
}

/** Speaker equality as the gold README defines it. */
export function sameSpeaker(pred: string | null, gold: string, goldIsPerson: boolean): boolean {
  if (!pred) return false;
  const norm = (s: string): string =>
    s
      .toLowerCase()
      .replace(/^the\s+/, '')
      .trim();
  if (norm(pred) === norm(gold)) return true;
  if (goldIsPerson) {
    const sur = (s: string): string => fold(s).split(' ').at(-1) ?? '';
    if (sur(pred) === sur(gold)) return true;
  }
  const known = lexicon('en').known;
  const canon = (s: string): string => (known.get(s) ?? known.get(fold(s)))?.name ?? s;
  return fold(canon(pred)) === fold(canon(gold));
}

export interface SeedsScores {
  quotes: {
    precision: number;
    recall: number;
    f1: number;
    attribution: number;
    endToEnd: { precision: number; recall: number; f1: number };
  };
  figures: { precision: number; recall: number; f1: number; claimant: number | null };
  dates: { precision: number; recall: number; valueAccuracy: number };
  entities: { precision: number; recall: number; f1: number; aliasPairsMerged: number };
}

export function scoreSeeds(gold: SeedsGold, articles: AnalyzedArticle[]): SeedsScores {
  const persons = new Set(gold.entities.filter((e) => e.type === 'person').map((e) => e.name));
  let qTP = 0,
    qPred = 0,
    qCore = 0,
    attrOK = 0,
    e2eTP = 0;
  let fTP = 0,
    fPred = 0,
    fCore = 0,
    claimTotal = 0,
    claimOK = 0;
  let dTP = 0,
    dPred = 0,
    dCore = 0,
    dOverlapped = 0,
    dValueOK = 0;

  for (const a of articles) {
    const key = docKey(a);
    // Quotes
    const gq = gold.quotes.filter((q) => q.doc === key);
    qCore += gq.filter((q) => q.core).length;
    const pq = a.quotes;
    const m = matchOneToOne(pq, gq, (p, g) => {
      const P = tokens(p.text),
        G = tokens(g.text);
      let inter = 0;
      for (const t of P) if (G.has(t)) inter++;
      return inter >= 0.5 * G.size && inter >= 0.5 * P.size && inter > 0
        ? inter / (P.size + G.size - inter)
        : 0;
    });
    pq.forEach((p, i) => {
      const j = m.get(i);
      if (j === undefined) {
        qPred++;
        return;
      }
      const g = gq[j]!;
      if (!g.core) return; // matches only a non-core quote: ignored
      qPred++;
      qTP++;
      if (sameSpeaker(p.speaker, g.speaker, persons.has(g.speaker))) {
        attrOK++;
        e2eTP++;
      }
    });

    // Figures
    const gf = gold.figures.filter((f) => f.doc === key);
    fCore += gf.filter((f) => f.core).length;
    const head = (s: string | null): string => normalizeUnit(s?.split(/\s+/).at(-1) ?? null) ?? '';
    const fm = matchOneToOne(a.figures, gf, (p, g) => {
      const valueOK =
        g.qualifier === 'range' ? p.low === g.low && p.high === g.high : (g.value ?? null) === p.value;
      return valueOK && head(p.noun) === head(g.noun) ? 1 : 0;
    });
    a.figures.forEach((p, i) => {
      const j = fm.get(i);
      if (j === undefined) return void fPred++;
      const g = gf[j]!;
      if (!g.core) return;
      fPred++;
      fTP++;
      // Claimant: a gold figure inside a gold quote has that quote's speaker as claimant.
      const inQuote = gq.find((q) => q.start <= g.start && g.end <= q.end);
      if (inQuote) {
        claimTotal++;
        if (sameSpeaker(p.claimant, inQuote.speaker, persons.has(inQuote.speaker))) claimOK++;
      }
    });

    // Dates: spans in raw offsets
    const gd = gold.dates.filter((d) => d.doc === key);
    dCore += gd.filter((d) => d.core).length;
    const raw = a.dates.map((d) => ({ ...d, start: toRawOffset(a, d.start), end: toRawOffset(a, d.end) }));
    const overlaps = (x: { start: number; end: number }, y: { start: number; end: number }): boolean =>
      x.start < y.end && y.start < x.end;
    const dm = matchOneToOne(raw, gd, (p, g) => (overlaps(p, g) ? (p.value === g.value ? 2 : 1) : 0));
    raw.forEach((p, i) => {
      const j = dm.get(i);
      if (j === undefined) return void dPred++;
      const g = gd[j]!;
      if (!g.core) return;
      dPred++;
      dOverlapped++;
      if (p.value === g.value) {
        dTP++;
        dValueOK++;
      }
    });
  }

  // Entities: (document, entity) pairs and alias merging
  const goldPairs = new Set<string>();
  const formToGold = new Map<string, string>();
  for (const e of gold.entities) {
    for (const d of e.docs) goldPairs.add(`${d}\u0000${e.name}`);
    for (const f of [e.name, ...e.aliases]) formToGold.set(fold(f), e.name);
  }
  const predPairs = new Set<string>();
  const canonicalOf = new Map<string, Set<string>>(); // alias form -> predicted canonical names
  for (const a of articles) {
    for (const e of a.entities) {
      if (e.type === 'other') continue;
      const g = [e.name, ...e.aliases].map((f) => formToGold.get(fold(f))).find(Boolean);
      predPairs.add(`${docKey(a)}\u0000${g ?? `?${e.name}`}`);
      for (const al of e.aliases) {
        const set = canonicalOf.get(fold(al)) ?? new Set();
        set.add(fold(e.name));
        canonicalOf.set(fold(al), set);
      }
    }
  }
  let eTP = 0;
  for (const p of predPairs) if (goldPairs.has(p)) eTP++;
  let pairs = 0,
    merged = 0;
  for (const e of gold.entities) {
    const forms = [...new Set(e.aliases.map(fold))];
    for (let i = 0; i < forms.length; i++) {
      for (let j = i + 1; j < forms.length; j++) {
        pairs++;
        const A = canonicalOf.get(forms[i]!),
          B = canonicalOf.get(forms[j]!);
        if (A && B && [...A].some((c) => B.has(c))) merged++;
      }
    }
  }

  const q = prf(qTP, qPred, qCore);
  const f = prf(fTP, fPred, fCore);
  const d = prf(dTP, dPred, dCore);
  const ent = prf(eTP, predPairs.size, goldPairs.size);
  return {
    quotes: { ...q, attribution: qTP ? attrOK / qTP : 0, endToEnd: prf(e2eTP, qPred, qCore) },
    figures: { ...f, claimant: claimTotal ? claimOK / claimTotal : null },
    dates: {
      precision: d.precision,
      recall: d.recall,
      valueAccuracy: dOverlapped ? dValueOK / dOverlapped : 0,
    },
    entities: { ...ent, aliasPairsMerged: pairs ? merged / pairs : 0 },
  };
}
