/**
 * `npm run train:syntax`: trains the tagger and the parser on UD English EWT (../shared/corpus/syntax),
 * scores them on dev, and writes data/models/syntax-en.json.gz. Deterministic given --seed.
 * Usage: node dist/analyze/syntax/train.js [--seed N] [--tagger-iterations N] [--parser-iterations N]
 * [--shared DIR] [--out FILE] [--test] (also score the test split: do it once, for the report)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dataPath } from '../../util/data.js';
import { readConllu, type ConlluSentence } from './conllu.js';
import { evaluateSyntax, evaluateTokenizer } from './evaluate.js';
import { MODEL_FILE, modelFromJSON, type SyntaxModelJson } from './model.js';
import { trainParser } from './parser.js';
import { normalize, trainTagger, UPOS } from './tagger.js';

export interface TrainOptions {
  seed?: number;
  taggerIterations?: number;
  parserIterations?: number;
  log?: (line: string) => void;
}

const TAG_INDEX = new Map<string, number>(UPOS.map((t, i) => [t, i]));

export class TreebankError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
    this.name = 'TreebankError';
  }
}

/** Trains a whole syntax model on CoNLL-U sentences. */
export function trainModel(
  train: readonly ConlluSentence[],
  { seed = 1, taggerIterations = 5, parserIterations = 8, log = () => {} }: TrainOptions = {},
  meta: Record<string, unknown> = {},
): SyntaxModelJson {
  const tagged = train.map((s) => ({
    words: s.words.map((w) => w.form),
    tags: s.words.map((w) => {
      const t = TAG_INDEX.get(w.upos);
      if (t === undefined) throw new TreebankError(s.id || s.text, `unknown UPOS "${w.upos}"`);
      return t;
    }),
  }));
  const t0 = performance.now();
  const tagger = trainTagger(tagged, { iterations: taggerIterations, seed, log });
  log(`tagger trained in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // The parser learns from the tags it will see: the tagger's own (slightly optimistic on its training data).
  const parserInput = train.map((s, k) => ({
    words: s.words.map((w) => normalize(w.form)),
    tags: tagger.tag(tagged[k]!.words).map((t) => UPOS[t]!),
    heads: s.words.map((w) => w.head),
    relations: s.words.map((w) => w.deprel),
  }));
  const t1 = performance.now();
  const parser = trainParser(parserInput, { iterations: parserIterations, seed, log });
  log(`parser trained in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  return {
    format: 'sitrep-syntax/1',
    meta: { ...meta, seed, taggerIterations, parserIterations },
    tagger: tagger.toJSON(),
    parser: parser.toJSON(),
  };
}

function readSplit(dir: string, split: string): ConlluSentence[] {
  const file = join(dir, `en_ewt-ud-${split}.conllu.gz`);
  return readConllu(gunzipSync(readFileSync(file)).toString('utf8'), file);
}

const pct = (x: number): string => (100 * x).toFixed(2);

function main(): void {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      'tagger-iterations': { type: 'string', default: '8' },
      'parser-iterations': { type: 'string', default: '10' },
      shared: { type: 'string' },
      out: { type: 'string' },
      test: { type: 'boolean', default: false },
    },
  });
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const shared = resolve(values.shared ?? process.env.SITREP_SHARED ?? join(root, '..', 'shared'));
  const dir = join(shared, 'corpus', 'syntax', 'ud-english-ewt');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const t0 = performance.now();
  const train = readSplit(dir, 'train');
  const dev = readSplit(dir, 'dev');
  const json = trainModel(
    train,
    {
      seed: Number(values.seed),
      taggerIterations: Number(values['tagger-iterations']),
      parserIterations: Number(values['parser-iterations']),
      log,
    },
    {
      treebank: 'UD English EWT (commit 15d613d8)',
      licence: 'CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)',
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const model = modelFromJSON(json);
  const d = evaluateSyntax(dev, model);
  const tok = evaluateTokenizer(dev);
  json.meta.trainingSeconds = Math.round(seconds);
  json.meta.dev = { upos: d.upos, uas: d.uas, las: d.las, tokenF1: tok.f1 };
  log(`trained in ${seconds.toFixed(0)} s`);
  log(
    `dev: UPOS ${pct(d.upos)} UAS ${pct(d.uas)} LAS ${pct(d.las)} (${d.words} words, ${(d.words / d.seconds).toFixed(0)} words/s)`,
  );
  log(
    `dev tokenizer: P ${pct(tok.precision)} R ${pct(tok.recall)} F1 ${pct(tok.f1)} (${tok.sentences} sentences)`,
  );
  if (values.test) {
    const t = evaluateSyntax(readSplit(dir, 'test'), model);
    log(`test: UPOS ${pct(t.upos)} UAS ${pct(t.uas)} LAS ${pct(t.las)}`);
  }
  const out = values.out ?? dataPath(MODEL_FILE);
  const bytes = gzipSync(JSON.stringify(json), { level: 9 });
  writeFileSync(out, bytes);
  log(`wrote ${out} (${(bytes.length / 1e6).toFixed(2)} MB)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
