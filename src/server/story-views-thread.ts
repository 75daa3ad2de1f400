/**
 * The worker thread of StoryViewThread: opens the store to read (once) and computes the views it is asked
 * for, one at a time, answering each with the view or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { open } from '../app/open.js';
import { brief, compare } from '../app/views.js';
import type { Store } from '../store/store.js';
import type { ViewAnswer, ViewRequest } from './story-views.js';

const { location } = workerData as { location: string };
let store: Store | null = null;
// Opened at start, before any request; an error is told to each request instead (opened again then).
try {
  store = open(location, 'read');
} catch {
  store = null;
}

parentPort!.on('message', (r: ViewRequest) => {
  void answer(r).then((a) => parentPort!.postMessage(a));
});

async function answer(r: ViewRequest): Promise<ViewAnswer> {
  try {
    store ??= open(location, 'read');
    const value = r.view === 'brief' ? await brief(store, { story: r.story }) : await compare(store, r.story);
    return { id: r.id, value };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return { id: r.id, error: { name: e.name, message: e.message } };
  }
}
