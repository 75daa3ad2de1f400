/** Reading CoNLL-U (Universal Dependencies): the basic tree of each sentence, plus its raw text. */

export interface ConlluWord {
  form: string;
  lemma: string;
  upos: string;
  /** Language-specific tag (Penn Treebank tags in English EWT), "_" when the treebank has none. */
  xpos: string;
  /** 0-based index of the head in the sentence, -1 for the root. */
  head: number;
  deprel: string;
}

export interface ConlluSentence {
  id: string;
  text: string;
  words: ConlluWord[];
  /** Surface tokens: a multiword token ("don't") with the range of words it covers. */
  tokens: { form: string; first: number; last: number }[];
}

export class ConlluError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    message: string,
  ) {
    super(`${source}:${line}: ${message}`);
    this.name = 'ConlluError';
  }
}

export function readConllu(content: string, source = 'conllu'): ConlluSentence[] {
  const out: ConlluSentence[] = [];
  let cur: ConlluSentence = { id: '', text: '', words: [], tokens: [] };
  let mwtEnd = -1;
  const lines = content.split('\n');
  const flush = (): void => {
    if (cur.words.length) out.push(cur);
    cur = { id: '', text: '', words: [], tokens: [] };
    mwtEnd = -1;
  };
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return flush();
    if (line.startsWith('#')) {
      const m = /^# (?<key>sent_id|text) = (?<value>.*)$/.exec(line);
      if (m?.groups?.key === 'sent_id') cur.id = m.groups.value!;
      if (m?.groups?.key === 'text') cur.text = m.groups.value!;
      return;
    }
    const cols = line.split('\t');
    if (cols.length !== 10) throw new ConlluError(source, i + 1, `expected 10 columns, got ${cols.length}`);
    const id = cols[0]!;
    const range = /^(?<a>\d+)-(?<b>\d+)$/.exec(id);
    if (range) {
      const first = Number(range.groups!.a) - 1;
      mwtEnd = Number(range.groups!.b) - 1;
      cur.tokens.push({ form: cols[1]!, first, last: mwtEnd });
      return;
    }
    if (id.includes('.')) return; // empty nodes belong to the enhanced graph only
    const index = Number(id) - 1;
    if (index !== cur.words.length) throw new ConlluError(source, i + 1, `word id ${id} out of order`);
    const head = Number(cols[6]);
    if (!Number.isInteger(head)) throw new ConlluError(source, i + 1, `bad head "${cols[6]}"`);
    cur.words.push({
      form: cols[1]!,
      lemma: cols[2]!,
      upos: cols[3]!,
      xpos: cols[4]!,
      head: head - 1,
      deprel: cols[7]!,
    });
    if (index > mwtEnd) cur.tokens.push({ form: cols[1]!, first: index, last: index });
  });
  flush();
  return out;
}
