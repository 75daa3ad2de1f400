/**
 * Syntax on UD English EWT (../shared/corpus/syntax): the shipped model's UPOS accuracy, UAS and LAS on
 * the test split with gold tokenization (CoNLL 2018 definitions: universal relation, punctuation
 * included), and the tokenizer's token F1 on dev from the raw sentence text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readConllu } from '../analyze/syntax/conllu.js';
import { evaluateSyntax, evaluateTokenizer } from '../analyze/syntax/evaluate.js';
import type { Row } from './corpora.js';

export async function evalSyntax(shared: string): Promise<Row[]> {
  const dir = join(shared, 'corpus', 'syntax', 'ud-english-ewt');
  const read = (split: string) => {
    const file = join(dir, `en_ewt-ud-${split}.conllu.gz`);
    return readConllu(gunzipSync(readFileSync(file)).toString('utf8'), file);
  };
  if (!existsSync(dir)) return [{ corpus: 'syntax', measure: 'skipped', value: null, note: `no ${dir}` }];
  const test = evaluateSyntax(read('test'));
  const tok = evaluateTokenizer(read('dev'));
  const note = `EWT test, ${test.words} words, gold tokenization`;
  return [
    { corpus: 'syntax', measure: 'UPOS accuracy', value: test.upos, target: '≥ 0.95', note },
    ...(Number.isNaN(test.xpos)
      ? []
      : [{ corpus: 'syntax', measure: 'XPOS (Penn tag) accuracy', value: test.xpos, note }]),
    { corpus: 'syntax', measure: 'UAS', value: test.uas, target: '≥ 0.86', note },
    { corpus: 'syntax', measure: 'LAS (universal relation)', value: test.las, target: '≥ 0.83', note },
    {
      corpus: 'syntax',
      measure: 'tokenizer token F1',
      value: tok.f1,
      note: `EWT dev raw text, P ${tok.precision.toFixed(3)} R ${tok.recall.toFixed(3)}`,
    },
  ];
}
