/**
 * Scores against a UD treebank (CoNLL 2018 shared-task definitions): UPOS accuracy, UAS, and LAS on the
 * universal part of the relation, punctuation included, with gold tokenization; and token F1 of the
 * tokenizer against the treebank's words, from the raw `# text` of each sentence.
 */
import type { ConlluSentence } from './conllu.js';
import { analyzeWords } from './index.js';
import type { SyntaxModel } from './model.js';
import { tokenize } from './tokenize.js';

export interface SyntaxScores {
  words: number;
  upos: number;
  /** Fine-tag accuracy (NaN when the model has no fine tagger). */
  xpos: number;
  uas: number;
  las: number;
  seconds: number;
}

const universal = (rel: string): string => rel.split(':')[0]!;

export function evaluateSyntax(sentences: readonly ConlluSentence[], model?: SyntaxModel): SyntaxScores {
  let words = 0;
  let upos = 0;
  let xpos = 0;
  let uas = 0;
  let las = 0;
  const t0 = performance.now();
  for (const s of sentences) {
    const a = analyzeWords(
      s.words.map((w) => w.form),
      model,
    );
    s.words.forEach((w, i) => {
      words++;
      if (a.tags[i] === w.upos) upos++;
      if (a.xtags?.[i] === w.xpos) xpos++;
      if (a.heads[i] === w.head) {
        uas++;
        if (universal(a.relations[i]!) === universal(w.deprel)) las++;
      }
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    words,
    upos: upos / words,
    xpos: xpos > 0 ? xpos / words : NaN,
    uas: uas / words,
    las: las / words,
    seconds,
  };
}

/** Gold word spans in the sentence text; a multiword token whose parts do not spell it is one span. */
function goldSpans(s: ConlluSentence): string[] | null {
  const spans: string[] = [];
  let at = 0;
  for (const t of s.tokens) {
    const start = s.text.indexOf(t.form, at);
    if (start < 0) return null;
    at = start + t.form.length;
    const parts = s.words.slice(t.first, t.last + 1).map((w) => w.form);
    if (parts.join('') === t.form) {
      let p = start;
      for (const w of parts) {
        spans.push(`${p}:${p + w.length}`);
        p += w.length;
      }
    } else spans.push(`${start}:${at}`);
  }
  return spans;
}

export function evaluateTokenizer(sentences: readonly ConlluSentence[]): {
  precision: number;
  recall: number;
  f1: number;
  sentences: number;
} {
  let tp = 0;
  let predicted = 0;
  let gold = 0;
  let used = 0;
  for (const s of sentences) {
    const g = goldSpans(s);
    if (!g) continue;
    used++;
    const want = new Set(g);
    const got = tokenize(s.text).map((t) => `${t.start}:${t.end}`);
    gold += want.size;
    predicted += got.length;
    for (const x of got) if (want.has(x)) tp++;
  }
  const precision = tp / predicted;
  const recall = tp / gold;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall), sentences: used };
}
