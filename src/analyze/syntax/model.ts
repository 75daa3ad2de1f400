/**
 * The trained syntax model (data/models/syntax-en.bin.gz): tagger and parser weights, trained on UD
 * English EWT (CC BY-SA 4.0; attribution in data/models/README.md). Loaded once per process, on first use.
 *
 * The file is binary so that loading is a few sequential passes over typed arrays: a gzipped body of
 * MAGIC, the byte length of a JSON header (uint32 little-endian), the header, then each perceptron's
 * bytes (see PerceptronBytes). The header is the model document (SyntaxModelJson) with each perceptron
 * replaced by where its bytes are (StoredPerceptron). The older all-JSON form (`sitrep-syntax/2`, the
 * perceptrons base64 inside the document) still loads; `convert.ts` turns it into the binary form.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dataPath } from '../../util/data.js';
import { Clusters, type ClustersJson } from './clusters.js';
import { Parser, type ParserJson } from './parser.js';
import { Perceptron, tablesFromBytes, type PerceptronJson } from './perceptron.js';
import { Tagger, type TaggerJson } from './tagger.js';

export const MODEL_FILE = 'models/syntax-en.bin.gz';

const JSON_FORMAT = 'sitrep-syntax/2';
const BINARY_FORMAT = 'sitrep-syntax/3';
/** First bytes of an unzipped binary model (16 bytes: the format and a newline). */
const MAGIC = Buffer.from(`${BINARY_FORMAT}\n`, 'latin1');

/** The model as a document; `P` is how each perceptron is stored (JSON, binary sections, or loaded). */
export interface SyntaxModelJson<P = PerceptronJson> {
  format: typeof JSON_FORMAT | typeof BINARY_FORMAT;
  /** Provenance: treebank, licence, seed, settings and scores of the run that made it. */
  meta: Record<string, unknown>;
  tagger: TaggerJson<P>;
  /** Second UPOS pass, stacked on the first (sees the first pass's tags of the next words). */
  retagger?: TaggerJson<P>;
  /** Fine (language-specific) tagger stacked on the UPOS tagger; its tags feed the parser. */
  xtagger?: TaggerJson<P>;
  parser: ParserJson<P>;
  /** Word clusters learned from the training text, read by the taggers and the parser. */
  clusters?: ClustersJson;
}

/** A perceptron in the binary header: its settings and where its bytes start in the body. */
interface StoredPerceptron {
  classes: number;
  rows: number;
  planes: boolean;
  scale: number;
  /** Byte offset of the keys (rows * 4 bytes) in the body; the weights (rows * classes * 2) follow. */
  at: number;
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

/** The same document with each perceptron passed through `f`. */
function mapPerceptrons<A, B>(m: SyntaxModelJson<A>, f: (p: A) => B): SyntaxModelJson<B> {
  const tagger = (t: TaggerJson<A>): TaggerJson<B> => ({ ...t, model: f(t.model) });
  const { retagger, xtagger, ...rest } = m;
  return {
    ...rest,
    tagger: tagger(m.tagger),
    ...(retagger ? { retagger: tagger(retagger) } : {}),
    ...(xtagger ? { xtagger: tagger(xtagger) } : {}),
    parser: { ...m.parser, arcs: f(m.parser.arcs), labels: f(m.parser.labels) },
  };
}

function assemble(m: SyntaxModelJson<Perceptron>): SyntaxModel {
  const clusters = m.clusters ? Clusters.fromJSON(m.clusters) : undefined;
  return {
    tagger: Tagger.fromJSON(m.tagger, clusters),
    ...(m.retagger ? { retagger: Tagger.fromJSON(m.retagger, clusters) } : {}),
    ...(m.xtagger ? { xtagger: Tagger.fromJSON(m.xtagger, clusters) } : {}),
    parser: Parser.fromJSON(m.parser, clusters),
    meta: m.meta,
  };
}

export function modelFromJSON(json: SyntaxModelJson, path = '(memory)'): SyntaxModel {
  if (json.format !== JSON_FORMAT) throw new SyntaxModelError(path, `unknown format "${json.format}"`);
  return assemble(mapPerceptrons(json, Perceptron.fromJSON));
}

/** The binary form of a model document, gzipped (what the trainer and the converter write). */
export function encodeModel(json: SyntaxModelJson): Buffer {
  const sections: Uint8Array[] = [];
  let at = 0;
  const header = mapPerceptrons(json, (p): StoredPerceptron => {
    const keys = Buffer.from(p.keys, 'base64');
    const weights = Buffer.from(p.weights, 'base64');
    const stored = { classes: p.classes, rows: keys.length / 4, planes: p.planes, scale: p.scale, at };
    sections.push(keys, weights);
    at += keys.length + weights.length;
    return stored;
  });
  const head = Buffer.from(JSON.stringify({ ...header, format: BINARY_FORMAT }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  return gzipSync(Buffer.concat([MAGIC, length, head, ...sections]), { level: 9 });
}

/** A model from the unzipped bytes of the binary form. */
export function modelFromBinary(bytes: Buffer, path = '(memory)'): SyntaxModel {
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC))
    throw new SyntaxModelError(path, 'not a binary syntax model');
  const start = MAGIC.length + 4;
  const headerEnd = start + bytes.readUInt32LE(MAGIC.length);
  if (headerEnd > bytes.length) throw new SyntaxModelError(path, 'truncated header');
  const header = JSON.parse(bytes.toString('utf8', start, headerEnd)) as SyntaxModelJson<StoredPerceptron>;
  if (header.format !== BINARY_FORMAT) throw new SyntaxModelError(path, `unknown format "${header.format}"`);
  const body = bytes.subarray(headerEnd);
  return assemble(
    mapPerceptrons(header, (p) => {
      const keysEnd = p.at + p.rows * 4;
      const end = keysEnd + p.rows * p.classes * 2;
      if (end > body.length) throw new SyntaxModelError(path, 'truncated weights');
      const { classes, planes, scale } = p;
      const keys = body.subarray(p.at, keysEnd);
      const weights = body.subarray(keysEnd, end);
      return Perceptron.fromTables(tablesFromBytes({ classes, planes, scale, keys, weights }));
    }),
  );
}

/** The unzipped bytes of a model file, either form. */
function readBytes(path: string): Buffer {
  if (!existsSync(path)) throw new SyntaxModelError(path, 'missing (run `npm run train:syntax`)');
  try {
    return gunzipSync(readFileSync(path));
  } catch (err) {
    throw new SyntaxModelError(path, `unreadable: ${(err as Error).message}`);
  }
}

function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

/** The document of a model file in the JSON form (`sitrep-syntax/2`), for conversion. */
export function readModelJson(path: string): SyntaxModelJson {
  const bytes = readBytes(path);
  if (isBinary(bytes)) throw new SyntaxModelError(path, 'already binary');
  try {
    return JSON.parse(bytes.toString('utf8')) as SyntaxModelJson;
  } catch (err) {
    throw new SyntaxModelError(path, `unreadable: ${(err as Error).message}`);
  }
}

/** Reads a model file in either form. */
export function readModel(path: string): SyntaxModel {
  const bytes = readBytes(path);
  if (isBinary(bytes)) return modelFromBinary(bytes, path);
  let json: SyntaxModelJson;
  try {
    json = JSON.parse(bytes.toString('utf8')) as SyntaxModelJson;
  } catch (err) {
    throw new SyntaxModelError(path, `unreadable: ${(err as Error).message}`);
  }
  return modelFromJSON(json, path);
}

/** Writes a model document in the binary form; returns the file's size in bytes. */
export function writeModel(path: string, json: SyntaxModelJson): number {
  const bytes = encodeModel(json);
  writeFileSync(path, bytes);
  return bytes.length;
}

let shipped: SyntaxModel | null = null;

/** The model shipped in data/, read on first call. */
export function defaultModel(): SyntaxModel {
  shipped ??= readModel(dataPath(MODEL_FILE));
  return shipped;
}
