/** Ingest: read, analyse and store inputs, then place the new articles in stories. Writes. */
import { ingestIntoStore, type IngestOptions, type IngestSummary } from '../ingest/into-store.js';
import type { Store } from '../store/store.js';
import { placeInStories, type PlaceOptions, type UpdateSummary } from './stories.js';

export type { IngestSummary };

export interface IngestRequest extends IngestOptions {
  /** Place the new articles in stories now (the default), with these options; false leaves them for `place`. */
  stories?: PlaceOptions | false;
}

export interface IngestResult extends IngestSummary {
  database: string;
  /** What placing in stories did, or null when it was not asked for. */
  stories: UpdateSummary | null;
}

export async function ingest(store: Store, inputs: string[], o: IngestRequest = {}): Promise<IngestResult> {
  const { stories: place = {}, ...options } = o;
  const summary = await ingestIntoStore(store, inputs, options);
  const stories = place === false ? null : await placeInStories(store, place);
  return { database: store.location, ...summary, stories };
}
