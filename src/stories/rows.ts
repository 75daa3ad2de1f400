/**
 * The clusterer's state in a store's rows (`StoryStateTx`): an article reads the frequencies of its terms,
 * the postings of its heaviest terms, its candidate stories, the members of the closest few and the events
 * of its story near its time; what it changes is written at the end of the batch (or before a merge, which
 * the store applies at once). Decoded rows are cached between batches of one process while no other
 * process placed articles (the store's generation is the one this process wrote last); the cache holds
 * exactly what the rows hold, so results never depend on it.
 */
import type {
  StoryAssignment,
  StoryMember,
  StoryChanges,
  StoryEventRow,
  StoryMemberRow,
  StoryMeta,
  StoryPosting,
  StoryRow,
  StoryStateTx,
} from '../store/store.js';
import {
  DEFAULT_CLUSTER_OPTIONS,
  MemoryStoryState,
  mergedMembers,
  normOf,
  parseState,
  type ClusterEvent,
  type ClusterOptions,
  type Member,
  type Story,
  type StoryState,
} from './cluster.js';
import { termsOf } from './features.js';

/** A map that forgets its least recently used entries beyond a total weight. */
class Lru<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (v: V) => number,
  ) {}

  get(k: K): V | undefined {
    const e = this.map.get(k);
    if (!e) return undefined;
    this.map.delete(k);
    this.map.set(k, e);
    return e.value;
  }

  has(k: K): boolean {
    return this.map.has(k);
  }

  set(k: K, value: V): void {
    this.delete(k);
    const weight = this.weigh(value);
    this.map.set(k, { value, weight });
    this.total += weight;
  }

  delete(k: K): void {
    const e = this.map.get(k);
    if (!e) return;
    this.total -= e.weight;
    this.map.delete(k);
  }

  values(): IterableIterator<{ value: V }> {
    return this.map.values();
  }

  /** Drop the least recently used entries until the weight fits (only between batches: none is pending). */
  trim(): void {
    if (this.total <= this.maxWeight) return;
    for (const [k, e] of this.map) {
      if (this.total <= this.maxWeight * 0.9) break;
      this.map.delete(k);
      this.total -= e.weight;
    }
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}

interface PostingList {
  seqs: number[];
  stories: number[];
}

/** How much a process keeps decoded between batches (counted in term weights, members' included). */
export interface CacheLimits {
  storyTerms: number;
  eventTerms: number;
  terms: number;
  postings: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = {
  storyTerms: 800_000,
  eventTerms: 200_000,
  terms: 150_000,
  postings: 400_000,
};

/** Rows decoded by this process, valid while the store's generation is `generation`. */
export class StoryCache {
  generation = -1;
  options = '';
  readonly stories: Lru<number, Story>;
  readonly events: Lru<number, ClusterEvent>;
  readonly df: Lru<string, number>;
  readonly postings: Lru<string, PostingList>;
  readonly redirects = new Map<number, number>();
  /** Terms of a story's or event's label, computed when first needed. */
  readonly labelTerms = new WeakMap<Story | ClusterEvent, string[]>();

  constructor(limits: CacheLimits = DEFAULT_CACHE_LIMITS) {
    const storyWeight = (s: Story): number =>
      s.weights.size + (s.members ?? []).reduce((n, m) => n + m.terms.size, 0) + 1;
    this.stories = new Lru(limits.storyTerms, storyWeight);
    this.events = new Lru(limits.eventTerms, (e: ClusterEvent) => e.weights.size + 1);
    this.df = new Lru(limits.terms, () => 1);
    this.postings = new Lru(limits.postings, (p: PostingList) => p.seqs.length + 1);
  }

  clear(): void {
    this.generation = -1;
    this.stories.clear();
    this.events.clear();
    this.df.clear();
    this.postings.clear();
    this.redirects.clear();
  }
}

export class RowStoryState implements StoryState {
  readonly counters: { docs: number; nextStory: number; nextEvent: number };
  private readonly dirtyStories = new Set<Story>();
  private readonly dirtyEvents = new Set<ClusterEvent>();
  private readonly dirtyDf = new Set<string>();
  private newPostings: StoryPosting[] = [];
  private readonly prunePostings = new Map<string, number>();
  /** Terms indexed without their list read: the store drops a repeat and keeps the last `maxPostings`. */
  private readonly unread = new Map<string, StoryPosting[]>();
  /** Terms with postings written unread (their lists are trimmed by the store). */
  private readonly trim = new Set<string>();
  private newMembers: StoryMemberRow[] = [];
  private readonly pruneMembers = new Map<number, number>();
  private assignments: StoryAssignment[] = [];
  private legacyConverted = false;
  /** Rows read (cache misses) and written (changed or dropped), for the bench. */
  readonly io = { read: 0, written: 0 };

  private constructor(
    private readonly tx: StoryStateTx,
    private readonly cache: StoryCache,
    readonly opts: ClusterOptions,
    private readonly meta: StoryMeta,
  ) {
    this.counters = { docs: meta.docs, nextStory: meta.nextStory, nextEvent: meta.nextEvent };
  }

  /**
   * The state for one batch inside `Store.storyTransaction`: a store that still holds the old one-document
   * state has it converted to rows first; with `reset`, every story is forgotten (a rebuild).
   */
  static async open(
    tx: StoryStateTx,
    cache: StoryCache,
    overrides: Partial<ClusterOptions> = {},
    { reset = false, members }: { reset?: boolean; members?: () => Promise<StoryMember[]> } = {},
  ): Promise<RowStoryState> {
    if (reset) {
      await tx.reset();
      cache.clear();
    }
    let meta = await tx.meta();
    let legacy: MemoryStoryState | null = null;
    let legacyOptions: Partial<ClusterOptions> = {};
    if (!meta) {
      const data = await tx.legacyState();
      if (data !== null) {
        const parsed = parseState(data);
        legacyOptions = parsed.options;
        legacy = MemoryStoryState.fromJSON(parsed, { ...DEFAULT_CLUSTER_OPTIONS, ...parsed.options });
      }
    }
    const saved = meta ? (JSON.parse(meta.options) as Partial<ClusterOptions>) : legacyOptions;
    const opts = { ...DEFAULT_CLUSTER_OPTIONS, ...saved, ...overrides };
    meta ??= { options: JSON.stringify(opts), docs: 0, nextStory: 1, nextEvent: 1, generation: 0 };
    const options = JSON.stringify(opts);
    if (cache.generation !== meta.generation || cache.options !== options) cache.clear();
    cache.generation = meta.generation;
    cache.options = options;
    const state = new RowStoryState(tx, cache, opts, { ...meta, options });
    if (legacy) {
      state.convert(legacy);
      if (members) state.labelConverted(await members());
      await state.flush();
    }
    return state;
  }

  async countTerms(terms: string[]): Promise<Map<string, number>> {
    const missing = terms.filter((t) => !this.cache.df.has(t));
    if (missing.length) {
      const found = await this.tx.df(missing);
      this.io.read += found.size;
      for (const t of missing) this.cache.df.set(t, found.get(t) ?? 0);
    }
    const out = new Map<string, number>();
    for (const t of terms) {
      const n = this.cache.df.get(t)! + 1;
      this.cache.df.set(t, n);
      this.dirtyDf.add(t);
      out.set(t, n);
    }
    return out;
  }

  async postings(terms: string[], window: number): Promise<Map<string, number[]>> {
    const missing = terms.filter((t) => !this.cache.postings.has(t));
    if (missing.length) {
      const found = await this.tx.postings(missing, window);
      for (const t of missing) {
        const rows = found.get(t) ?? [];
        this.io.read += rows.length;
        const list = { seqs: rows.map((r) => r.seq), stories: rows.map((r) => r.story) };
        // Postings of this batch not written yet, applied as the store will apply them.
        for (const p of this.unread.get(t) ?? []) {
          if (list.stories[list.stories.length - 1] === p.story) continue;
          list.seqs.push(p.seq);
          list.stories.push(p.story);
        }
        this.unread.delete(t);
        if (list.seqs.length > this.opts.maxPostings) {
          list.seqs.splice(0, list.seqs.length - this.opts.maxPostings);
          list.stories.splice(0, list.stories.length - this.opts.maxPostings);
        }
        this.cache.postings.set(t, list);
      }
    }
    const out = new Map<string, number[]>();
    for (const t of terms) {
      const p = this.cache.postings.get(t)!;
      if (p.stories.length) out.set(t, p.stories);
    }
    return out;
  }

  index(term: string, story: number): void {
    // An article adds a term once, so its ordinal orders the term's postings.
    const seq = this.counters.docs;
    const p = this.cache.postings.get(term);
    if (!p) {
      // Not read (only the heaviest terms are): the store checks the last posting it holds.
      let pending = this.unread.get(term);
      if (!pending) this.unread.set(term, (pending = []));
      if (pending[pending.length - 1]?.story === story) return;
      const posting = { term, seq, story, unlessLast: !pending.length };
      pending.push(posting);
      this.newPostings.push(posting);
      this.trim.add(term);
      return;
    }
    if (p.stories[p.stories.length - 1] === story) return;
    p.seqs.push(seq);
    p.stories.push(story);
    this.newPostings.push({ term, seq, story });
    if (p.seqs.length > this.opts.maxPostings) {
      p.seqs.shift();
      p.stories.shift();
      this.prunePostings.set(term, p.seqs[0]!);
    }
  }

  async resolve(ids: number[]): Promise<Map<number, number>> {
    const unknown = [...new Set(ids)].filter(
      (id) => !this.cache.redirects.has(id) && !this.cache.stories.has(id),
    );
    if (unknown.length)
      for (const [from, into] of await this.tx.redirects(unknown)) this.redirect(from, into);
    const out = new Map<number, number>();
    for (const id of ids) {
      let root = id;
      for (
        let next = this.cache.redirects.get(root);
        next !== undefined;
        next = this.cache.redirects.get(root)
      )
        root = next;
      out.set(id, root);
    }
    return out;
  }

  async stories(ids: number[]): Promise<Map<number, Story>> {
    const missing = ids.filter((id) => !this.cache.stories.has(id));
    if (missing.length) {
      const rows = await this.tx.stories(missing);
      this.io.read += rows.length;
      for (const r of rows) this.cache.stories.set(r.id, storyOf(r));
    }
    const out = new Map<number, Story>();
    for (const id of ids) {
      const s = this.cache.stories.get(id);
      if (s) out.set(id, s);
    }
    return out;
  }

  async loadMembers(stories: Story[]): Promise<void> {
    const missing = stories.filter((s) => s.members === null);
    if (!missing.length) return;
    const rows = await this.tx.members(missing.map((s) => s.id));
    this.io.read += rows.length;
    const byStory = new Map<number, Member[]>(missing.map((s) => [s.id, []]));
    for (const r of rows) byStory.get(r.story)!.push({ seq: r.seq, event: r.event, terms: mapOf(r) });
    for (const s of missing) {
      s.members = byStory.get(s.id)!;
      // Weighed again with its members.
      if (this.cache.stories.has(s.id)) this.cache.stories.set(s.id, s);
    }
  }

  async candidateEvents(story: Story, time: number | null, reach: number): Promise<ClusterEvent[]> {
    const open = time === null || !Number.isFinite(reach);
    const from = open ? null : time - reach;
    const to = open ? null : time + reach;
    const ids = new Set(await this.tx.eventIds(story.id, from, to));
    // Events changed in this batch are not in the rows yet.
    for (const e of this.dirtyEvents) {
      if (e.story !== story.id) continue;
      if (from === null || to === null || e.first === null || (e.last! >= from && e.first <= to))
        ids.add(e.id);
    }
    const pending = new Map([...this.dirtyEvents].map((e) => [e.id, e]));
    const missing = [...ids].filter((id) => !pending.has(id) && !this.cache.events.has(id));
    if (missing.length) {
      const rows = await this.tx.events(missing);
      this.io.read += rows.length;
      for (const r of rows) this.cache.events.set(r.id, eventOf(r));
    }
    const out: ClusterEvent[] = [];
    for (const id of ids) {
      const e = pending.get(id) ?? this.cache.events.get(id);
      if (e) out.push(e);
    }
    return out.sort((a, b) => a.ord - b.ord);
  }

  newStory(): Story {
    const story: Story = {
      id: this.counters.nextStory++,
      eventCount: 0,
      members: [],
      label: '',
      weights: new Map(),
      norm: 0,
      size: 0,
      first: null,
      last: null,
    };
    this.cache.stories.set(story.id, story);
    this.dirtyStories.add(story);
    return story;
  }

  newEvent(story: Story): ClusterEvent {
    const e: ClusterEvent = {
      id: this.counters.nextEvent++,
      story: story.id,
      ord: story.eventCount++,
      label: '',
      weights: new Map(),
      norm: 0,
      size: 0,
      first: null,
      last: null,
    };
    this.cache.events.set(e.id, e);
    this.dirtyEvents.add(e);
    return e;
  }

  addMember(story: Story, event: number, terms: Map<string, number>): void {
    const members = story.members!;
    const seq = (members.at(-1)?.seq ?? -1) + 1;
    members.push({ seq, event, terms });
    this.newMembers.push({
      story: story.id,
      seq,
      event,
      terms: [...terms.keys()],
      weights: [...terms.values()],
    });
    if (members.length > this.opts.recentMembers) {
      members.splice(0, members.length - this.opts.recentMembers);
      this.pruneMembers.set(story.id, members[0]!.seq);
    }
  }

  changed(c: Story | ClusterEvent): void {
    if ('ord' in c) this.dirtyEvents.add(c);
    else this.dirtyStories.add(c);
  }

  async merge(into: Story, from: Story): Promise<void> {
    await this.loadMembers([into, from]);
    into.members = mergedMembers(into, from, this.opts.recentMembers);
    const eventOffset = into.eventCount;
    into.eventCount += from.eventCount;
    into.label = this.betterLabel(into, [into, from]);
    // `from` stays pending: a story opened in this batch must have its row before the store redirects it.
    for (const e of this.dirtyEvents) {
      if (e.story !== from.id) continue;
      e.story = into.id;
      e.ord += eventOffset;
    }
    // The store moves the rows at once, so everything pending goes first.
    await this.writePending();
    await this.tx.merge({
      from: from.id,
      into: into.id,
      eventOffset,
      members: into.members.map((m) => memberRow(into.id, m)),
    });
    this.io.written += 2 + into.members.length;
    this.cache.stories.delete(from.id);
    this.redirect(from.id, into.id);
    for (const { value: e } of this.cache.events.values()) {
      if (e.story !== from.id) continue;
      e.story = into.id;
      e.ord += eventOffset;
    }
    this.cache.stories.set(into.id, into);
  }

  /** Note where an article went and label its story and event with its title when that fits them best. */
  placed(a: StoryAssignment, title: string | null, language: string | null, fallback: string): void {
    this.assignments.push(a);
    const story = this.cache.stories.get(a.story)!;
    const event = this.dirtyEventById(a.event);
    const terms = title ? termsOf(title, language ?? 'en') : [];
    for (const c of [story, event]) {
      if (!c) continue;
      if (!c.label) {
        c.label = title || fallback;
        this.cache.labelTerms.set(c, terms);
      } else if (
        labelScore(terms, story.weights) > labelScore(this.labelTermsOf(c, language), story.weights)
      ) {
        c.label = title!;
        this.cache.labelTerms.set(c, terms);
      }
    }
  }

  /** Write everything changed since the last write (the batch's transaction commits it); between articles only. */
  async flush(): Promise<void> {
    await this.writePending();
    this.trimCache();
  }

  /** Write what changed (also in the middle of an article, before a merge: nothing is dropped from the cache). */
  private async writePending(): Promise<void> {
    // Weighed again as they are now, so that the cache's limits hold.
    for (const st of this.dirtyStories) if (this.cache.stories.has(st.id)) this.cache.stories.set(st.id, st);
    for (const e of this.dirtyEvents) if (this.cache.events.has(e.id)) this.cache.events.set(e.id, e);
    for (const term of new Set(this.newPostings.map((p) => p.term))) {
      const list = this.cache.postings.get(term);
      if (list) this.cache.postings.set(term, list);
    }
    const changes: StoryChanges = {
      meta: { ...this.meta, ...this.counters, generation: this.meta.generation + 1 },
      df: [...this.dirtyDf].map((term) => ({ term, df: this.cache.df.get(term)! })),
      postings: this.newPostings,
      prunePostings: [...this.prunePostings].map(([term, before]) => ({ term, before })),
      trimPostings: { terms: [...this.trim], keep: this.opts.maxPostings },
      stories: [...this.dirtyStories].map(storyRow),
      events: [...this.dirtyEvents].map(eventRow),
      members: this.newMembers,
      pruneMembers: [...this.pruneMembers].map(([story, before]) => ({ story, before })),
      assignments: this.assignments,
      redirects: this.convertedRedirects,
      legacyConverted: this.legacyConverted,
    };
    const empty =
      !changes.df.length &&
      !changes.postings.length &&
      !changes.stories.length &&
      !changes.events.length &&
      !changes.assignments.length &&
      !this.legacyConverted;
    if (!empty) {
      await this.tx.write(changes);
      this.io.written +=
        1 +
        changes.df.length +
        changes.postings.length +
        changes.prunePostings.length +
        changes.trimPostings.terms.length +
        changes.stories.length +
        changes.events.length +
        changes.members.length +
        changes.pruneMembers.length +
        changes.assignments.length +
        changes.redirects.length;
    }
    this.dirtyStories.clear();
    this.dirtyEvents.clear();
    this.dirtyDf.clear();
    this.newPostings = [];
    this.prunePostings.clear();
    this.unread.clear();
    this.trim.clear();
    this.newMembers = [];
    this.pruneMembers.clear();
    this.assignments = [];
    this.legacyConverted = false;
    this.convertedRedirects = [];
    if (!empty) this.cache.generation = this.meta.generation + 1;
  }

  private trimCache(): void {
    this.cache.stories.trim();
    this.cache.events.trim();
    this.cache.df.trim();
    this.cache.postings.trim();
  }

  private redirect(from: number, into: number): void {
    this.cache.redirects.set(from, into);
    for (const [k, v] of this.cache.redirects) if (v === from) this.cache.redirects.set(k, into);
  }

  private dirtyEventById(id: number): ClusterEvent | undefined {
    for (const e of this.dirtyEvents) if (e.id === id) return e;
    return this.cache.events.get(id);
  }

  private labelTermsOf(c: Story | ClusterEvent, language: string | null): string[] {
    let terms = this.cache.labelTerms.get(c);
    if (!terms) {
      terms = termsOf(c.label, language ?? 'en');
      this.cache.labelTerms.set(c, terms);
    }
    return terms;
  }

  private betterLabel(into: Story, candidates: Story[]): string {
    let best = into.label;
    let bestScore = -Infinity;
    for (const c of candidates) {
      const s = labelScore(this.labelTermsOf(c, null), into.weights);
      if (c.label && s > bestScore) {
        best = c.label;
        bestScore = s;
      }
    }
    return best;
  }

  /** The old one-document state, written as rows (in this batch). */
  private convert(legacy: MemoryStoryState): void {
    Object.assign(this.counters, legacy.counters);
    const { mergedInto, df, postings } = legacy.tables();
    for (const [term, n] of df) {
      this.cache.df.set(term, n);
      this.dirtyDf.add(term);
    }
    for (const [term, list] of postings) {
      const stories = list.slice(-this.opts.maxPostings);
      // Before any new article's ordinal, in list order.
      const seqs = stories.map((_, i) => this.counters.docs - stories.length + i);
      stories.forEach((story, i) => this.newPostings.push({ term, seq: seqs[i]!, story }));
    }
    for (const { story, events } of legacy.entries()) {
      this.dirtyStories.add(story);
      for (const e of events) this.dirtyEvents.add(e);
      for (const m of story.members ?? []) this.newMembers.push(memberRow(story.id, m));
    }
    // Chains of merges are written as one step each, as the store keeps them.
    this.convertedRedirects = [...mergedInto.keys()].map((from) => ({ from, into: legacy.resolveOne(from) }));
    this.legacyConverted = true;
  }

  /**
   * Label converted stories and events as listings did before labels were stored: the title, among all of
   * their members', that weighs most in the story's centroid.
   */
  private labelConverted(members: StoryMember[]): void {
    const stories = new Map([...this.dirtyStories].map((s) => [s.id, s]));
    const events = new Map([...this.dirtyEvents].map((e) => [e.id, e]));
    const best = new Map<Story | ClusterEvent, number>();
    for (const m of members) {
      const story = stories.get(m.story);
      if (!story) continue;
      const terms = m.title ? termsOf(m.title, m.language ?? 'en') : [];
      for (const c of [story, events.get(m.event)]) {
        if (!c) continue;
        const s = labelScore(terms, story.weights);
        if (!c.label || (terms.length && s > (best.get(c) ?? -1))) {
          c.label = terms.length ? m.title! : c.label || m.title || m.source;
          if (terms.length) best.set(c, s);
        }
      }
    }
  }

  /** Merged-away ids of a converted state (written with the stories). */
  private convertedRedirects: { from: number; into: number }[] = [];
}

function mapOf(r: { terms: string[]; weights: number[] }): Map<string, number> {
  return new Map(r.terms.map((t, i) => [t, r.weights[i]!]));
}

function storyOf(r: StoryRow): Story {
  const weights = mapOf(r);
  return {
    id: r.id,
    eventCount: r.eventCount,
    members: null,
    label: r.label,
    weights,
    norm: normOf(weights),
    size: r.size,
    first: r.first,
    last: r.last,
  };
}

function eventOf(r: StoryEventRow): ClusterEvent {
  const weights = mapOf(r);
  return {
    id: r.id,
    story: r.story,
    ord: r.ord,
    label: r.label,
    weights,
    norm: normOf(weights),
    size: r.size,
    first: r.first,
    last: r.last,
  };
}

function storyRow(s: Story): StoryRow {
  return {
    id: s.id,
    eventCount: s.eventCount,
    label: s.label,
    size: s.size,
    first: s.first,
    last: s.last,
    terms: [...s.weights.keys()],
    weights: [...s.weights.values()],
  };
}

function eventRow(e: ClusterEvent): StoryEventRow {
  return {
    id: e.id,
    story: e.story,
    ord: e.ord,
    label: e.label,
    size: e.size,
    first: e.first,
    last: e.last,
    terms: [...e.weights.keys()],
    weights: [...e.weights.values()],
  };
}

function memberRow(story: number, m: Member): StoryMemberRow {
  return { story, seq: m.seq, event: m.event, terms: [...m.terms.keys()], weights: [...m.terms.values()] };
}

/** How well a title names a story: its distinct terms' centroid weights, over the root of its length. */
function labelScore(terms: string[], weights: Map<string, number>): number {
  if (!terms.length) return -1;
  let s = 0;
  for (const t of new Set(terms)) s += weights.get(t) ?? 0;
  return s / Math.sqrt(terms.length);
}
