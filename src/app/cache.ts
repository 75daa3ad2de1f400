/**
 * Views kept until the store changes. Each view (the stories ranked, the entities merged across the
 * store…) is computed once per data version of its store (`Store.dataVersion`) and shared by every request
 * that asks for it meanwhile, the first computation included: thirty-two clients asking at once cost one.
 */
import type { Store } from '../store/store.js';

/** At most this many views per store; the oldest goes first (a view is a few MB at most). */
const MAX_VIEWS = 256;

interface Views {
  version: string;
  /** Keyed by the view's name and parameters; values are the pending or settled computations. */
  views: Map<string, Promise<unknown>>;
}

const byStore = new WeakMap<Store, Views>();

/** Drop what is kept for a store (after it was written to through another path than the store, say). */
export function forgetViews(store: Store): void {
  byStore.delete(store);
}

/**
 * The view `key` of `store`, computed by `compute` unless the store is unchanged since it was. A
 * computation that fails is not kept. `key` must name everything the computation depends on.
 */
export async function view<T>(store: Store, key: string, compute: () => Promise<T>): Promise<T> {
  const version = await store.dataVersion();
  let entry = byStore.get(store);
  if (!entry || entry.version !== version) {
    entry = { version, views: new Map() };
    byStore.set(store, entry);
  }
  const kept = entry.views.get(key);
  // Only `view` stores under a key, always the result of that key's computation: the type is T's.
  if (kept) return kept as Promise<T>;
  const pending = compute();
  entry.views.set(key, pending);
  if (entry.views.size > MAX_VIEWS) entry.views.delete(entry.views.keys().next().value!);
  const views = entry.views;
  pending.catch(() => views.delete(key));
  return pending;
}
