import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressBar } from './progress.js';

function fakeTty(columns: number | undefined): { stream: NodeJS.WriteStream; written: () => string } {
  let out = '';
  const stream = {
    isTTY: true,
    columns,
    write: (s: string) => ((out += s), true),
  } as unknown as NodeJS.WriteStream;
  return { stream, written: () => out };
}

test('the bar draws on a terminal of any reported width, including none', () => {
  for (const cols of [undefined, 0, 10, 120]) {
    const { stream, written } = fakeTty(cols);
    const bar = progressBar(3, 'ingest', stream);
    bar.tick('a.txt');
    bar.tick('b.txt');
    bar.tick('c.txt');
    bar.done();
    assert.match(written(), /ingest \[#+\.*\] 2\/3/);
  }
});

test('nothing is drawn when the output is not a terminal', () => {
  const { stream, written } = fakeTty(80);
  (stream as { isTTY: boolean }).isTTY = false;
  const bar = progressBar(3, 'ingest', stream);
  bar.tick();
  bar.done();
  assert.equal(written(), '');
});
