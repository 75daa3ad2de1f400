/**
 * The trained syntax model (data/models/syntax-en.json.gz): tagger and parser weights, trained on UD
 * English EWT (CC BY-SA 4.0; attribution in data/models/README.md). Loaded once per process, on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dataPath } from '../../util/data.js';
import { Clusters, type ClustersJson } from './clusters.js';
import { Parser, type ParserJson } from './parser.js';
import { Tagger, type TaggerJson } from './tagger.js';

export const MODEL_FILE = 'models/syntax-en.json.gz';

export interface SyntaxModelJson {
  format: 'sitrep-syntax/2';
  /** Provenance: treebank, licence, seed, settings and scores of the run that made it. */
  meta: Record<string, unknown>;
  tagger: TaggerJson;
  /** Second UPOS pass, stacked on the first (sees the first pass's tags of the next words). */
  retagger?: TaggerJson;
  /** Fine (language-specific) tagger stacked on the UPOS tagger; its tags feed the parser. */
  xtagger?: TaggerJson;
  parser: ParserJson;
  /** Word clusters learned from the training text, read by the taggers and the parser. */
  clusters?: ClustersJson;
}

export interface SyntaxModel {
  tagger: Tagger;
  retagger?: Tagger;
  xtagger?: Tagger;
  parser: Parser;
  meta: Record<string, unknown>;
}

export class SyntaxModelError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`syntax model ${path}: ${message}`);
    this.name = 'SyntaxModelError';
  }
}

export function modelFromJSON(json: SyntaxModelJson, path = '(memory)'): SyntaxModel {
  if (json.format !== 'sitrep-syntax/2') throw new SyntaxModelError(path, `unknown format "${json.format}"`);
  const clusters = json.clusters ? Clusters.fromJSON(json.clusters) : undefined;
  return {
    tagger: Tagger.fromJSON(json.tagger, clusters),
    ...(json.retagger ? { retagger: Tagger.fromJSON(json.retagger, clusters) } : {}),
    ...(json.xtagger ? { xtagger: Tagger.fromJSON(json.xtagger, clusters) } : {}),
    parser: Parser.fromJSON(json.parser, clusters),
    meta: json.meta,
  };
}

export function readModel(path: string): SyntaxModel {
  if (!existsSync(path)) throw new SyntaxModelError(path, 'missing (run `npm run train:syntax`)');
  let json: SyntaxModelJson;
  try {
    json = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as SyntaxModelJson;
  } catch (err) {
    throw new SyntaxModelError(path, `unreadable: ${(err as Error).message}`);
  }
  return modelFromJSON(json, path);
}

let shipped: SyntaxModel | null = null;

/** The model shipped in data/, read on first call. */
export function defaultModel(): SyntaxModel {
  shipped ??= readModel(dataPath(MODEL_FILE));
  return shipped;
}
