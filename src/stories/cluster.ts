/**
 * Online story clustering. Articles arrive one at a time (in publication order when replaying a store);
 * each is compared only with the stories an inverted index on their salient terms proposes, so the cost of
 * one assignment does not grow with the store. Inside a story, articles about one occasion form events.
 *
 * A cluster's score blends two views of it: the cosine between the article's TF-IDF vector and the
 * cluster's centroid (the sum of its members' unit vectors), and the mean similarity of the article to
 * the few recent members it is closest to. The centroid sees what the cluster is about as a whole; the
 * nearest members let a short text (a headline) join a large cluster through the members it resembles,
 * which a broad centroid dilutes. The score is discounted by the time between the article and the
 * cluster. IDF is learned as the stream goes. An article that is close to two stories bridges them and
 * they merge.
 */
import type { StoryFeatures } from './features.js';

export interface ClusterOptions {
  /** An article joins the best story whose score reaches this; otherwise it starts a new one. */
  storyThreshold: number;
  /** An article close to a second story by at least this much merges the two. */
  mergeThreshold: number;
  /** Inside its story, an article joins the best event whose score reaches this. */
  eventThreshold: number;
  /** Days after which the time discount halves a story score (measured from the story's nearest article). */
  storyHalfLifeDays: number;
  /** The time discount of a story never falls below this: a situation can return to the news months later. */
  storyTimeFloor: number;
  /** Same, for events: an event is one occasion, so its articles are close in time. */
  eventHalfLifeDays: number;
  /**
   * IDF prior, so that a small or young collection is not dominated by chance document frequencies: the
   * stream starts as if `priorDocs` articles had been seen, in which any term occurred at rate `priorRate`.
   */
  priorDocs: number;
  priorRate: number;
  /** How many of the article's heaviest terms are looked up in the index to find candidate stories. */
  candidateTerms: number;
  /** Under how many of its heaviest terms an article makes its story findable. */
  indexTerms: number;
  /**
   * Per term, only the most recent this-many stories are candidates (and kept). This bounds what placing an
   * article reads however long the history: a story older than the last this-many that share a common term
   * is still found through its rarer terms, whose lists are short.
   */
  maxPostings: number;
  /**
   * A term found in more than this share of the articles is not looked up for candidates (it is still
   * indexed): its IDF is low, so it adds little to any score, and its list is a slice of whatever was
   * published last, the most expensive list to read for the least signal.
   */
  lookupShare: number;
  /**
   * At most this many candidate stories are read and scored: those with the most evidence in the postings
   * (the article's weights of the looked-up terms that list them). However many stories share its terms as
   * the history grows, placing an article reads and compares a bounded number of centroids.
   */
  maxCandidates: number;
  /** How many terms a centroid keeps (the heaviest). */
  centroidTerms: number;
  /** How many of a cluster's most similar recent members are averaged into its score. */
  neighbours: number;
  /** The share of a cluster's score that comes from those members (the rest from its centroid); 0 turns it off. */
  neighbourWeight: number;
  /** How many of its most recent members a story remembers for that. */
  recentMembers: number;
  /** How many terms (the heaviest) a remembered member keeps. */
  memberTerms: number;
  /** How many candidate stories, the closest by centroid, are scored with their members. */
  neighbourCandidates: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  storyThreshold: 0.12,
  mergeThreshold: 0.45,
  eventThreshold: 0.12,
  storyHalfLifeDays: 7,
  storyTimeFloor: 0.5,
  eventHalfLifeDays: 0.5,
  priorDocs: 100,
  priorRate: 0.01,
  candidateTerms: 20,
  indexTerms: 40,
  maxPostings: 100,
  lookupShare: 0.1,
  maxCandidates: 100,
  centroidTerms: 300,
  neighbours: 3,
  neighbourWeight: 0.5,
  recentMembers: 50,
  memberTerms: 20,
  neighbourCandidates: 20,
};

export interface Assignment {
  article: string;
  story: number;
  event: number;
  /** The score that placed the article in its story (1 for the first article of a story). */
  score: number;
  /** True when the article opened a new story. */
  opened: boolean;
  /** Stories this assignment merged into `story`. */
  merged: number[];
}

export interface Centroid {
  weights: Map<string, number>;
  /** `weights` as typed arrays, for scoring (made when first scored; dropped when the weights change). */
  packed?: Packed;
  norm: number;
  size: number;
  first: number | null;
  last: number | null;
}

export interface Story extends Centroid {
  id: number;
  /** Events ever placed in the story; the next event's position in it. */
  eventCount: number;
  /** The most recent members (oldest first), each with the event it went to; null until loaded. */
  members: Member[] | null;
  /** The title of the member closest to the centroid (kept by the row state, for listings). */
  label: string;
}

export interface Member {
  /** Position in the story's list (increasing). */
  seq: number;
  event: number;
  terms: Map<string, number>;
  /** `terms` as typed arrays, for scoring (made when first scored). */
  packed?: Packed;
}

export interface ClusterEvent extends Centroid {
  id: number;
  story: number;
  /** Position in its story: events are tried in this order (the later of two equal scores wins). */
  ord: number;
  label: string;
}

/**
 * What the clusterer reads and changes. `MemoryStoryState` keeps it all in memory (the reference, and the
 * old one-document format); `RowStoryState` (rows.ts) reads a store's rows for the candidates an article
 * needs and writes back what changed. Objects it returns are changed in place by the clusterer, which
 * calls `changed` for each.
 */
export interface StoryState {
  readonly counters: { docs: number; nextStory: number; nextEvent: number };
  /** Count one more article with these (distinct) terms; their document frequencies after it. */
  countTerms(terms: string[]): Promise<Map<string, number>>;
  /** Each term's most recent postings (story ids, oldest first), at least the last `window`. */
  postings(terms: string[], window: number): Promise<Map<string, number[]>>;
  /**
   * Add `story` to the end of a term's postings unless it is already last (the term's list need not have
   * been read: a state may leave that check to its store), keeping the last `maxPostings`.
   */
  index(term: string, story: number): void;
  /** The live story each id stands for, following merges. */
  resolve(ids: number[]): Promise<Map<number, number>>;
  /** Live stories by id. */
  stories(ids: number[]): Promise<Map<number, Story>>;
  /** Load the recent members of these stories (sets `members`). */
  loadMembers(stories: Story[]): Promise<void>;
  /**
   * The story's events, in order, that may be within `reach` ms of `time`: at least those whose span is
   * that close, and the undated ones; all when `time` is null or `reach` infinite.
   */
  candidateEvents(story: Story, time: number | null, reach: number): Promise<ClusterEvent[]>;
  newStory(): Story;
  newEvent(story: Story): ClusterEvent;
  /** Remember a member (dropping the oldest beyond `recentMembers`). */
  addMember(story: Story, event: number, terms: Map<string, number>): void;
  changed(c: Story | ClusterEvent): void;
  /** `from` merges into `into` (whose centroid already includes it): events and members move, ids redirect. */
  merge(into: Story, from: Story): Promise<void>;
}

/** The old one-document state (before rows), still read to convert a store's stories once. */
export interface ClusterState {
  /** 2 adds the stories' recent members; a version 1 state is read with none remembered. */
  version: 1 | 2;
  /** The options the state was built with; later runs keep them unless told otherwise. */
  options: ClusterOptions;
  docs: number;
  nextStory: number;
  nextEvent: number;
  df: [string, number][];
  stories: SavedStory[];
  mergedInto: [number, number][];
  postings: [string, number[]][];
}

interface SavedCentroid {
  id: number;
  size: number;
  first: number | null;
  last: number | null;
  /** Terms and weights (rounded). */
  terms: string[];
  weights: number[];
}

interface SavedStory extends SavedCentroid {
  events: SavedCentroid[];
  members?: { event: number; terms: string[]; weights: number[] }[];
}

const DAY = 86_400_000;

/**
 * The clustering algorithm over a `StoryState`. `new StoryClusterer(opts)` keeps its state in memory;
 * `updateStories` (update.ts) runs it over a store's rows.
 */
export class StoryClusterer {
  readonly opts: ClusterOptions;
  readonly state: StoryState;
  /** The weights of the article being placed, by term number; zero elsewhere. */
  private dense = new Float64Array(1 << 16);
  /** One bit per term number, set for the article's terms: small enough to stay in the CPU's nearest cache. */
  private bits = new Uint32Array(1 << 11);

  constructor(opts: Partial<ClusterOptions> = {}, state?: StoryState) {
    this.opts = { ...DEFAULT_CLUSTER_OPTIONS, ...opts };
    this.state = state ?? new MemoryStoryState(this.opts);
  }

  /** Place one article: in the best story (and event) above threshold, or in a new one. */
  async assign(f: StoryFeatures): Promise<Assignment> {
    const st = this.state;
    st.counters.docs++;
    const df = await st.countTerms([...f.terms.keys()]);
    const vec = this.vector(f.terms, df);
    const query = this.query(vec);
    try {
      return await this.place(f, vec, df, query);
    } finally {
      query.clear();
    }
  }

  private async place(
    f: StoryFeatures,
    vec: Map<string, number>,
    df: Map<string, number>,
    query: Query,
  ): Promise<Assignment> {
    const st = this.state;
    const indexed = topTerms(vec, Math.max(this.opts.candidateTerms, this.opts.indexTerms));
    // Only the heaviest terms propose candidates, and of those only the ones not found nearly everywhere.
    // (A term in fewer articles than a list holds is read whole at little cost.)
    const common = Math.max(this.opts.maxPostings, this.opts.lookupShare * st.counters.docs);
    const top = indexed.slice(0, this.opts.candidateTerms).filter((t) => !(df.get(t)! > common));
    const postings = await st.postings(top, this.opts.maxPostings);

    const { storyThreshold, storyHalfLifeDays, storyTimeFloor, eventThreshold, eventHalfLifeDays } =
      this.opts;
    // Centroids rank the candidates; the closest few are scored again with their members.
    const ranked = (await this.candidates(top, postings, vec)).map((story) => ({
      story,
      discount: decay(f.time, story, storyHalfLifeDays, storyTimeFloor),
      centroid: query.similarity(story, story.weights),
    }));
    ranked.sort((a, b) => b.centroid * b.discount - a.centroid * a.discount);
    await st.loadMembers(ranked.slice(0, this.opts.neighbourCandidates).map((r) => r.story));
    const scored: { story: Story; score: number; near: number[] }[] = [];
    for (const [i, { story, discount, centroid }] of ranked.entries()) {
      const near = i < this.opts.neighbourCandidates ? story.members!.map((m) => query.dot(m, m.terms)) : [];
      const score = this.score(query, story, near, centroid) * discount;
      if (score >= storyThreshold) scored.push({ story, score, near });
    }
    scored.sort((a, b) => b.score - a.score);

    let story: Story;
    let score = 1;
    const merged: number[] = [];
    if (scored.length) {
      story = scored[0]!.story;
      score = scored[0]!.score;
      for (const other of scored.slice(1)) {
        if (other.score < this.opts.mergeThreshold) break;
        mergeCentroid(story, other.story);
        await st.merge(story, other.story);
        merged.push(other.story.id);
      }
    } else {
      story = st.newStory();
    }
    await st.loadMembers([story]);
    const members = story.members!;
    addTo(story, vec, f.time, this.opts.centroidTerms);
    st.changed(story);
    for (const t of indexed) st.index(t, story.id);

    // The story's remembered members, by the event each went to (scored above unless a merge changed them).
    const known = scored[0]?.near;
    const near =
      known && !merged.length && known.length === members.length
        ? known
        : members.map((m) => query.dot(m, m.terms));
    const nearByEvent = new Map<number, number[]>();
    members.forEach((m, j) => {
      const list = nearByEvent.get(m.event);
      if (list) list.push(near[j]!);
      else nearByEvent.set(m.event, [near[j]!]);
    });
    let event: ClusterEvent | undefined;
    let best = eventThreshold;
    for (const e of await st.candidateEvents(story, f.time, this.eventReach())) {
      const s = this.score(query, e, nearByEvent.get(e.id) ?? []) * decay(f.time, e, eventHalfLifeDays, 0);
      if (s >= best) {
        best = s;
        event = e;
      }
    }
    event ??= st.newEvent(story);
    addTo(event, vec, f.time, this.opts.centroidTerms);
    st.changed(event);
    st.addMember(story, event.id, heaviest(vec, this.opts.memberTerms));
    return { article: f.id, story: story.id, event: event.id, score, opened: scored.length === 0, merged };
  }

  /** The story an id now stands for, following merges. */
  async resolve(story: number): Promise<number> {
    return (await this.state.resolve([story])).get(story) ?? story;
  }

  /** The old one-document state, for tests and for converting it (only for a clusterer kept in memory). */
  toJSON(): ClusterState {
    if (!(this.state instanceof MemoryStoryState))
      throw new TypeError('only a state kept in memory is saved whole');
    return this.state.toJSON(this.opts);
  }

  static fromJSON(state: ClusterState, opts: Partial<ClusterOptions> = {}): StoryClusterer {
    const options = { ...DEFAULT_CLUSTER_OPTIONS, ...readState(state).options, ...opts };
    return new StoryClusterer(options, MemoryStoryState.fromJSON(state, options));
  }

  /**
   * How far (ms) from an event's span an article can be and still reach `eventThreshold`: a score is at most
   * 1 and the event discount has no floor, so events further away cannot win and need not be read.
   */
  private eventReach(): number {
    const { eventThreshold, eventHalfLifeDays } = this.opts;
    if (!(eventThreshold > 0) || !(eventHalfLifeDays > 0)) return Infinity;
    // 1e-6 above 1 covers rounding in the score.
    return Math.max(0, eventHalfLifeDays * DAY * Math.log2((1 + 1e-6) / eventThreshold));
  }

  /** Centroid cosine blended with the mean of the `neighbours` highest member similarities in `near`. */
  private score(
    query: Query,
    c: Centroid,
    near: number[],
    centroid = query.similarity(c, c.weights),
  ): number {
    const w = this.opts.neighbourWeight;
    if (!w || !near.length) return centroid;
    const k = Math.min(this.opts.neighbours, near.length);
    const closest = near.length > k ? [...near].sort((a, b) => b - a).slice(0, k) : near;
    let sum = 0;
    for (const x of closest) sum += x;
    return (1 - w) * centroid + (w * sum) / k;
  }

  /** The article's vector spread over this clusterer's dense array (cleared after the article). */
  private query(vec: Map<string, number>): Query {
    const terms = TermNumbers.current();
    let max = -1;
    const ids = new Int32Array(vec.size);
    let i = 0;
    for (const t of vec.keys()) max = Math.max(max, (ids[i++] = terms.of(t)));
    if (this.dense.length <= max) {
      this.dense = new Float64Array(Math.max(max + 1, this.dense.length * 2));
      this.bits = new Uint32Array(Math.ceil(this.dense.length / 32));
    }
    const { dense, bits } = this;
    i = 0;
    for (const w of vec.values()) {
      const id = ids[i++]!;
      dense[id] = w;
      bits[id >>> 5]! |= 1 << (id & 31);
    }
    return new Query(terms, dense, bits, ids, vec);
  }

  private vector(terms: Map<string, number>, df: Map<string, number>): Map<string, number> {
    const docs = this.state.counters.docs;
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, tf] of terms) {
      const { priorDocs, priorRate } = this.opts;
      const idf = Math.log((docs + priorDocs) / ((df.get(t) ?? 1) + priorDocs * priorRate));
      const w = (1 + Math.log(tf)) * idf;
      if (w <= 0) continue;
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  }

  /**
   * The live stories the looked-up terms' postings list, in the order first listed; beyond
   * `maxCandidates`, those with the most evidence (the summed weights, in the article's vector, of the
   * terms that list them; the more recent story on a tie).
   */
  private async candidates(
    terms: string[],
    postings: Map<string, number[]>,
    vec: Map<string, number>,
  ): Promise<Story[]> {
    const raw: number[] = [];
    for (const t of terms) {
      const p = postings.get(t);
      if (!p) continue;
      for (let i = Math.max(0, p.length - this.opts.maxPostings); i < p.length; i++) raw.push(p[i]!);
    }
    const roots = await this.state.resolve(raw);
    const evidence = new Map<number, number>();
    let at = 0;
    for (const t of terms) {
      const p = postings.get(t);
      if (!p) continue;
      const w = vec.get(t) ?? 0;
      // Each term counts once for a story, even when it lists two ids that merged into it.
      const counted = new Set<number>();
      for (let i = Math.max(0, p.length - this.opts.maxPostings); i < p.length; i++, at++) {
        const id = roots.get(raw[at]!) ?? raw[at]!;
        if (counted.has(id)) continue;
        counted.add(id);
        evidence.set(id, (evidence.get(id) ?? 0) + w);
      }
    }
    let ids = [...evidence.keys()];
    if (ids.length > this.opts.maxCandidates) {
      const kept = new Set(
        [...ids]
          .sort((a, b) => evidence.get(b)! - evidence.get(a)! || b - a)
          .slice(0, this.opts.maxCandidates),
      );
      ids = ids.filter((id) => kept.has(id));
    }
    const stories = await this.state.stories(ids);
    return ids.map((id) => stories.get(id)!).filter(Boolean);
  }
}

/** Everything the clusterer knows, in memory: the reference state, and the old one-document format. */
export class MemoryStoryState implements StoryState {
  readonly counters = { docs: 0, nextStory: 1, nextEvent: 1 };
  private readonly df = new Map<string, number>();
  private readonly storyMap = new Map<number, Story>();
  private readonly eventsOf = new Map<number, ClusterEvent[]>();
  /** Story id a merged story now lives in. */
  private readonly mergedInto = new Map<number, number>();
  private readonly postingLists = new Map<string, number[]>();

  constructor(private readonly opts: ClusterOptions) {}

  async countTerms(terms: string[]): Promise<Map<string, number>> {
    for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    return this.df;
  }

  async postings(): Promise<Map<string, number[]>> {
    return this.postingLists;
  }

  index(term: string, story: number): void {
    let p = this.postingLists.get(term);
    if (!p) this.postingLists.set(term, (p = []));
    if (p[p.length - 1] !== story) p.push(story);
    if (p.length > this.opts.maxPostings * 2) p.splice(0, p.length - this.opts.maxPostings);
  }

  async resolve(ids: number[]): Promise<Map<number, number>> {
    return new Map(ids.map((id) => [id, this.resolveOne(id)]));
  }

  resolveOne(story: number): number {
    let id = story;
    for (let next = this.mergedInto.get(id); next !== undefined; next = this.mergedInto.get(id)) id = next;
    return id;
  }

  async stories(ids: number[]): Promise<Map<number, Story>> {
    const out = new Map<number, Story>();
    for (const id of ids) {
      const s = this.storyMap.get(id);
      if (s) out.set(id, s);
    }
    return out;
  }

  async loadMembers(): Promise<void> {}

  async candidateEvents(story: Story): Promise<ClusterEvent[]> {
    return this.eventsOf.get(story.id) ?? [];
  }

  newStory(): Story {
    const story: Story = {
      id: this.counters.nextStory++,
      eventCount: 0,
      members: [],
      label: '',
      ...emptyCentroid(),
    };
    this.storyMap.set(story.id, story);
    this.eventsOf.set(story.id, []);
    return story;
  }

  newEvent(story: Story): ClusterEvent {
    const e = {
      id: this.counters.nextEvent++,
      story: story.id,
      ord: story.eventCount++,
      label: '',
      ...emptyCentroid(),
    };
    this.eventsOf.get(story.id)!.push(e);
    return e;
  }

  addMember(story: Story, event: number, terms: Map<string, number>): void {
    const members = story.members!;
    members.push({ seq: (members.at(-1)?.seq ?? -1) + 1, event, terms });
    if (members.length > this.opts.recentMembers) members.splice(0, members.length - this.opts.recentMembers);
  }

  changed(): void {}

  async merge(into: Story, from: Story): Promise<void> {
    const moved = this.eventsOf.get(from.id) ?? [];
    for (const e of moved) {
      e.story = into.id;
      e.ord += into.eventCount;
    }
    into.eventCount += from.eventCount;
    this.eventsOf.get(into.id)!.push(...moved);
    into.members = mergedMembers(into, from, this.opts.recentMembers);
    this.storyMap.delete(from.id);
    this.eventsOf.delete(from.id);
    this.mergedInto.set(from.id, into.id);
  }

  /** The story's centroid weights (term -> weight); empty for an unknown story. */
  centroid(story: number): Map<string, number> {
    return new Map(this.storyMap.get(this.resolveOne(story))?.weights ?? []);
  }

  toJSON(opts: ClusterOptions): ClusterState {
    const round = (w: number): number => Math.round(w * 1e4) / 1e4;
    const saveCentroid = (c: Centroid & { id: number }): SavedCentroid => ({
      id: c.id,
      size: c.size,
      first: c.first,
      last: c.last,
      terms: [...c.weights.keys()],
      weights: [...c.weights.values()].map(round),
    });
    return {
      version: 2,
      options: { ...opts },
      docs: this.counters.docs,
      nextStory: this.counters.nextStory,
      nextEvent: this.counters.nextEvent,
      df: [...this.df],
      stories: [...this.storyMap.values()].map((st) => ({
        ...saveCentroid(st),
        events: (this.eventsOf.get(st.id) ?? []).map(saveCentroid),
        members: st.members!.map((m) => ({
          event: m.event,
          terms: [...m.terms.keys()],
          weights: [...m.terms.values()].map(round),
        })),
      })),
      mergedInto: [...this.mergedInto],
      postings: [...this.postingLists],
    };
  }

  static fromJSON(state: ClusterState, opts: ClusterOptions): MemoryStoryState {
    const s = new MemoryStoryState(opts);
    const load = (sc: SavedCentroid): Centroid & { id: number } => {
      const weights = new Map(sc.terms.map((t, i) => [t, sc.weights[i]!]));
      return { id: sc.id, weights, norm: normOf(weights), size: sc.size, first: sc.first, last: sc.last };
    };
    s.counters.docs = state.docs;
    s.counters.nextStory = state.nextStory;
    s.counters.nextEvent = state.nextEvent;
    for (const [t, n] of state.df) s.df.set(t, n);
    for (const st of state.stories) {
      const members = (st.members ?? []).map((m, seq) => ({
        seq,
        event: m.event,
        terms: new Map(m.terms.map((t, i) => [t, m.weights[i]!])),
      }));
      const events = st.events.map((e, ord) => ({ ...load(e), story: st.id, ord, label: '' }));
      s.storyMap.set(st.id, { ...load(st), eventCount: events.length, members, label: '' });
      s.eventsOf.set(st.id, events);
    }
    for (const [from, into] of state.mergedInto) s.mergedInto.set(from, into);
    for (const [t, p] of state.postings) s.postingLists.set(t, p);
    return s;
  }

  /** Every story with its events and members, for converting to rows. */
  *entries(): Iterable<{ story: Story; events: ClusterEvent[] }> {
    for (const story of this.storyMap.values()) yield { story, events: this.eventsOf.get(story.id) ?? [] };
  }

  /** The merged-away ids, document frequencies and postings, for converting to rows. */
  tables(): { mergedInto: Map<number, number>; df: Map<string, number>; postings: Map<string, number[]> } {
    return { mergedInto: this.mergedInto, df: this.df, postings: this.postingLists };
  }
}

/** Check a parsed old state; a clear error when it is not one this code reads. */
export function readState(state: ClusterState): ClusterState {
  if (
    (state?.version !== 1 && state?.version !== 2) ||
    !Array.isArray(state.stories) ||
    !Array.isArray(state.df)
  ) {
    throw new StoryStateError(
      `the stored story state (version ${String(state?.version)}) is not one this sitrep reads; run \`sitrep place --rebuild\``,
    );
  }
  return state;
}

/** Parse the old one-document state a store saved. */
export function parseState(data: string): ClusterState {
  let state: ClusterState;
  try {
    state = JSON.parse(data) as ClusterState;
  } catch {
    throw new StoryStateError(
      'the stored story state is unreadable; run `sitrep place --rebuild` to rebuild it from the articles',
    );
  }
  return readState(state);
}

/** The stored story state cannot be read; the message says how to rebuild it. */
export class StoryStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoryStateError';
  }
}

/** `into`'s centroid takes in `from`'s (the rest of a merge is the state's). */
function mergeCentroid(into: Story, from: Story): void {
  for (const [t, w] of from.weights) into.weights.set(t, (into.weights.get(t) ?? 0) + w);
  into.packed = undefined;
  into.norm = normOf(into.weights);
  into.size += from.size;
  into.first = minTime(into.first, from.first);
  into.last = maxTime(into.last, from.last);
}

/** The members a story keeps after absorbing another: the absorbed story's first, then its own, the last `keep`. */
export function mergedMembers(into: Story, from: Story, keep: number): Member[] {
  const list = [...from.members!, ...into.members!].slice(-keep);
  return list.map((m, seq) => ({ ...m, seq }));
}

export function emptyCentroid(): Centroid {
  return { weights: new Map(), norm: 0, size: 0, first: null, last: null };
}

function addTo(c: Centroid, vec: Map<string, number>, time: number | null, keep: number): void {
  for (const [t, w] of vec) c.weights.set(t, (c.weights.get(t) ?? 0) + w);
  if (c.weights.size > keep * 2) {
    const kept = topTerms(c.weights, keep);
    const next = new Map(kept.map((t) => [t, c.weights.get(t)!]));
    c.weights.clear();
    for (const [t, w] of next) c.weights.set(t, w);
  }
  c.packed = undefined;
  c.norm = normOf(c.weights);
  c.size++;
  c.first = minTime(c.first, time);
  c.last = maxTime(c.last, time);
}

/** A vector as parallel arrays of term numbers and weights (numbers from `terms`). */
export interface Packed {
  terms: TermNumbers;
  ids: Int32Array;
  weights: Float64Array;
}

/**
 * Terms numbered for this process, so that scoring reads typed arrays instead of hashing strings (that
 * hashing was most of the cost of placing an article). The numbering is shared by every clusterer and
 * cached story; past `MAX_TERMS` a fresh numbering starts (vectors packed with the old one are packed again
 * when next scored), so that its memory stays bounded however large the vocabulary grows.
 */
class TermNumbers {
  static readonly MAX_TERMS = 1_000_000;
  private static numbering = new TermNumbers();
  private readonly ids = new Map<string, number>();

  /** The numbering to use for the next article. */
  static current(): TermNumbers {
    if (TermNumbers.numbering.ids.size > TermNumbers.MAX_TERMS) TermNumbers.numbering = new TermNumbers();
    return TermNumbers.numbering;
  }

  of(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) this.ids.set(term, (id = this.ids.size));
    return id;
  }
}

/** One article's vector, ready to be scored against packed centroids and members. */
class Query {
  constructor(
    private readonly terms: TermNumbers,
    private readonly dense: Float64Array,
    private readonly bits: Uint32Array,
    private readonly ids: Int32Array,
    private readonly vec: Map<string, number>,
  ) {}

  /** Dot product with a vector (`v`, packed into `holder` when first needed). */
  dot(holder: { packed?: Packed }, v: Map<string, number>): number {
    // A short article against a long centroid: looking its few terms up costs less than reading the centroid.
    if (this.vec.size * 8 < v.size) {
      let s = 0;
      for (const [t, w] of this.vec) {
        const x = v.get(t);
        if (x) s += w * x;
      }
      return s;
    }
    let p = holder.packed;
    if (!p || p.terms !== this.terms) holder.packed = p = pack(this.terms, v);
    const { dense, bits } = this;
    const n = dense.length;
    const { ids, weights } = p;
    let s = 0;
    // Most of a centroid's terms are not the article's: the bit says so without reading the large array.
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < n && bits[id >>> 5]! & (1 << (id & 31))) s += dense[id]! * weights[i]!;
    }
    return s;
  }

  /** Cosine with a centroid (the article's vector is a unit vector). */
  similarity(c: Centroid, weights: Map<string, number>): number {
    return c.norm ? this.dot(c, weights) / c.norm : 0;
  }

  /** Zero the dense array again for the next article. */
  clear(): void {
    for (const id of this.ids) {
      this.dense[id] = 0;
      this.bits[id >>> 5] = 0;
    }
  }
}

function pack(terms: TermNumbers, v: Map<string, number>): Packed {
  const ids = new Int32Array(v.size);
  const weights = new Float64Array(v.size);
  let i = 0;
  for (const [t, w] of v) {
    ids[i] = terms.of(t);
    weights[i++] = w;
  }
  return { terms, ids, weights };
}

/**
 * 1 inside the cluster's time range; outside it, the part above `floor` halves every `halfLife` days.
 * 1 when a time is unknown.
 */
function decay(time: number | null, c: Centroid, halfLife: number, floor: number): number {
  if (time === null || c.first === null || c.last === null) return 1;
  const gap = time < c.first ? c.first - time : time > c.last ? time - c.last : 0;
  return floor + (1 - floor) * Math.pow(0.5, gap / DAY / halfLife);
}

/** The `n` heaviest terms of a unit vector, scaled back to unit length, so that a long text is not scored lower for being cut. */
function heaviest(v: Map<string, number>, n: number): Map<string, number> {
  if (v.size <= n) return v;
  const kept = new Map(topTerms(v, n).map((t) => [t, v.get(t)!]));
  const norm = normOf(kept) || 1;
  for (const [t, w] of kept) kept.set(t, w / norm);
  return kept;
}

export function topTerms(v: Map<string, number>, n: number): string[] {
  return [...v]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([t]) => t);
}

export function normOf(v: Map<string, number>): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}

function minTime(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxTime(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}
