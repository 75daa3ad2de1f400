/**
 * `npm run train:syntax`: trains the tagger and the parser on UD English EWT (../shared/corpus/syntax),
 * keeps the parser of the iteration that scores best on dev, and writes data/models/syntax-en.bin.gz (binary
 * form, model.ts). Deterministic given --seed.
 * Usage: node dist/analyze/syntax/train.js [--seed N] [--tagger-iterations N] [--parser-iterations N]
 * [--folds N] (jackknife folds for the parser's training tags) [--tagger-rows N] [--arc-rows N]
 * [--label-rows N] (rows each model keeps in the file: the size lever) [--clusters N] [--coarse-clusters N]
 * (word classes learned from the training text; 0: none) [--shared DIR] [--out FILE]
 * [--test] (also score the test split: do it once, for the report)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { dataPath } from '../../util/data.js';
import { readConllu, type ConlluSentence } from './conllu.js';
import { Clusters } from './clusters.js';
import { evaluateSyntax, evaluateTokenizer } from './evaluate.js';
import { MODEL_FILE, modelFromJSON, writeModel, type SyntaxModelJson } from './model.js';
import { trainParser, type Parser, type ParserGold } from './parser.js';
import { normalize, trainTagger, UPOS, type TaggedSentence, type Tagger } from './tagger.js';

export interface TrainOptions {
  seed?: number;
  taggerIterations?: number;
  parserIterations?: number;
  /** Folds for jackknifed parser-training tags (1: tag the training set with the final tagger). */
  folds?: number;
  /** Rows each perceptron keeps in the written model (the largest weights win). */
  taggerRows?: number;
  arcRows?: number;
  labelRows?: number;
  /** Fine and coarse word classes learned from the training text (0: no clusters). */
  clusters?: number;
  coarseClusters?: number;
  /** Held-out sentences that choose the parser's best iteration (none: the last is kept). */
  dev?: readonly ConlluSentence[];
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
  {
    seed = 1,
    taggerIterations = 5,
    parserIterations = 8,
    folds = 1,
    taggerRows,
    arcRows,
    labelRows,
    clusters: fineClusters = 256,
    coarseClusters = 32,
    dev = [],
    log = () => {},
  }: TrainOptions = {},
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
  const tc = performance.now();
  const clusters =
    fineClusters > 0
      ? Clusters.train(
          train.map((s) => s.words.map((w) => normalize(w.form))),
          { fine: fineClusters, coarse: coarseClusters },
        )
      : undefined;
  if (clusters)
    log(`${clusters.words.size} words clustered in ${((performance.now() - tc) / 1000).toFixed(1)} s`);
  const t0 = performance.now();
  const tagger = trainTagger(tagged, { iterations: taggerIterations, seed, clusters, log });
  log(`tagger trained in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // The parser (and the fine tagger stacked on UPOS) must learn from tags as wrong as the ones they will
  // see: each fold of the training set is tagged by a tagger trained on the other folds (jackknifing).
  const upos = jackknife(tagged, folds, tagger, (rest, f) =>
    trainTagger(rest, { iterations: taggerIterations, seed: seed + f + 1, clusters }),
  );
  log(`UPOS jackknifed over ${folds} folds`);
  // A second UPOS pass sees the first pass's tags on both sides (what the next words are), which a
  // left-to-right tagger cannot; its tags are the ones the parser and the text get.
  const stacked = tagged.map((s, k) => ({ ...s, given: upos[k]! }));
  const retagger = trainTagger(stacked, { iterations: taggerIterations, seed, clusters, log });
  const upos2 = jackknife(stacked, folds, retagger, (rest, f) =>
    trainTagger(rest, { iterations: taggerIterations, seed: seed + f + 1, clusters }),
  );
  log(`second UPOS pass jackknifed over ${folds} folds`);
  // Fine tags (Penn Treebank tags in EWT) tell the parser what UPOS does not: VBN from VBD, TO from IN.
  const xtagset = [...new Set(train.flatMap((s) => s.words.map((w) => w.xpos)))].sort();
  const hasFine = xtagset.length > 1;
  const xIndex = new Map(xtagset.map((t, i) => [t, i]));
  const fineTagged = train.map((s, k) => ({
    words: tagged[k]!.words,
    tags: s.words.map((w) => xIndex.get(w.xpos)!),
    given: upos[k]!,
  }));
  const xoptions = { iterations: taggerIterations, tagset: xtagset, clusters };
  const xtagger = hasFine ? trainTagger(fineTagged, { ...xoptions, seed, log }) : undefined;
  const fine = xtagger
    ? jackknife(fineTagged, folds, xtagger, (rest, f) =>
        trainTagger(rest, { ...xoptions, seed: seed + f + 1 }),
      )
    : undefined;
  if (xtagger) log(`fine tags jackknifed over ${folds} folds, ${xtagset.length} tags`);
  const parserInput = train.map((s, k) => ({
    words: s.words.map((w) => normalize(w.form)),
    tags: upos2[k]!.map((t) => UPOS[t]!),
    ...(fine ? { xtags: fine[k]!.map((t) => xtagset[t]!) } : {}),
    heads: s.words.map((w) => w.head),
    relations: s.words.map((w) => w.deprel),
  }));
  // Early stopping: after each iteration the averaged parser so far parses dev (tagged by the taggers
  // just trained); the iteration with the best LAS is the one kept.
  const devInput = dev.map((s) => {
    const words = s.words.map((w) => w.form);
    const first = tagger.tag(words);
    return {
      words: words.map(normalize),
      tags: retagger.tag(words, first).map((t) => UPOS[t]!),
      ...(xtagger ? { xtags: xtagger.tag(words, first).map((t) => xtagset[t]!) } : {}),
      heads: s.words.map((w) => w.head),
      relations: s.words.map((w) => w.deprel),
    };
  });
  let best: { parser: Parser; las: number; iteration: number } | undefined;
  const onIteration = (it: number, snapshot: Parser): void => {
    const { uas, las } = parserScores(snapshot, devInput);
    log(`  dev after iteration ${it + 1}: UAS ${pct(uas)} LAS ${pct(las)}`);
    if (!best || las > best.las) best = { parser: snapshot, las, iteration: it + 1 };
  };
  const t1 = performance.now();
  const trained = trainParser(parserInput, {
    iterations: parserIterations,
    seed,
    clusters,
    log,
    ...(devInput.length ? { onIteration } : {}),
  });
  const parser = best?.parser ?? trained;
  log(
    `parser trained in ${((performance.now() - t1) / 1000).toFixed(1)} s, kept iteration ${best?.iteration ?? parserIterations}`,
  );
  return {
    format: 'sitrep-syntax/2',
    meta: {
      ...meta,
      seed,
      taggerIterations,
      parserIterations,
      folds,
      taggerRows,
      arcRows,
      labelRows,
      clusters: fineClusters,
      coarseClusters,
      ...(best ? { bestParserIteration: best.iteration } : {}),
    },
    tagger: tagger.toJSON({ maxRows: taggerRows }),
    retagger: retagger.toJSON({ maxRows: taggerRows }),
    ...(xtagger ? { xtagger: xtagger.toJSON({ maxRows: taggerRows }) } : {}),
    parser: parser.toJSON({ arcRows, labelRows }),
    ...(clusters ? { clusters: clusters.toJSON() } : {}),
  };
}

/**
 * Predicted tags for every training sentence: with k folds, each fold's by a tagger trained on the other
 * folds; with one, the final tagger's own (optimistic: it has seen the answers).
 */
function jackknife(
  sentences: readonly TaggedSentence[],
  folds: number,
  final: Tagger,
  train: (rest: TaggedSentence[], fold: number) => Tagger,
): number[][] {
  if (folds <= 1) return sentences.map((s) => final.tag(s.words, s.given));
  const out = new Array<number[]>(sentences.length);
  for (let f = 0; f < folds; f++) {
    const tagger = train(
      sentences.filter((_, k) => k % folds !== f),
      f,
    );
    sentences.forEach((s, k) => {
      if (k % folds === f) out[k] = tagger.tag(s.words, s.given);
    });
  }
  return out;
}

/** Unlabelled and labelled attachment (universal relations) of a parser on tagged gold trees. */
function parserScores(parser: Parser, gold: readonly ParserGold[]): { uas: number; las: number } {
  let words = 0;
  let uas = 0;
  let las = 0;
  for (const s of gold) {
    const p = parser.parse(s);
    s.heads.forEach((h, i) => {
      words++;
      if (p.heads[i] !== h) return;
      uas++;
      if (p.relations[i]!.split(':')[0] === s.relations[i]!.split(':')[0]) las++;
    });
  }
  return { uas: uas / words, las: las / words };
}

function readSplit(dir: string, split: string): ConlluSentence[] {
  const file = join(dir, `en_ewt-ud-${split}.conllu.gz`);
  return readConllu(gunzipSync(readFileSync(file)).toString('utf8'), file);
}

const optionalNumber = (x: string | undefined): number | undefined =>
  x === undefined ? undefined : Number(x);

const pct = (x: number): string => (100 * x).toFixed(2);

function main(): void {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      'tagger-iterations': { type: 'string', default: '8' },
      'parser-iterations': { type: 'string', default: '15' },
      folds: { type: 'string', default: '4' },
      'tagger-rows': { type: 'string' },
      'arc-rows': { type: 'string' },
      'label-rows': { type: 'string' },
      clusters: { type: 'string', default: '256' },
      'coarse-clusters': { type: 'string', default: '32' },
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
      dev,
      seed: Number(values.seed),
      taggerIterations: Number(values['tagger-iterations']),
      parserIterations: Number(values['parser-iterations']),
      folds: Number(values.folds),
      taggerRows: optionalNumber(values['tagger-rows']),
      arcRows: optionalNumber(values['arc-rows']),
      labelRows: optionalNumber(values['label-rows']),
      clusters: Number(values.clusters),
      coarseClusters: Number(values['coarse-clusters']),
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
  // Wall time depends on what else the machine runs; the process's CPU time does not.
  json.meta.trainingCpuSeconds = Math.round(process.cpuUsage().user / 1e6);
  json.meta.dev = { upos: d.upos, xpos: d.xpos, uas: d.uas, las: d.las, tokenF1: tok.f1 };
  log(`trained in ${seconds.toFixed(0)} s`);
  log(
    `dev: UPOS ${pct(d.upos)} XPOS ${pct(d.xpos)} UAS ${pct(d.uas)} LAS ${pct(d.las)} (${d.words} words, ${(d.words / d.seconds).toFixed(0)} words/s)`,
  );
  log(
    `dev tokenizer: P ${pct(tok.precision)} R ${pct(tok.recall)} F1 ${pct(tok.f1)} (${tok.sentences} sentences)`,
  );
  if (values.test) {
    const t = evaluateSyntax(readSplit(dir, 'test'), model);
    log(`test: UPOS ${pct(t.upos)} UAS ${pct(t.uas)} LAS ${pct(t.las)}`);
  }
  const out = values.out ?? dataPath(MODEL_FILE);
  const size = writeModel(out, json);
  log(`wrote ${out} (${(size / 1e6).toFixed(2)} MB)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
