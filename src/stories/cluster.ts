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
  /** Per term, only the most recent this-many stories are candidates. */
  maxPostings: number;
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
  maxPostings: 400,
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

interface Centroid {
  weights: Map<string, number>;
  norm: number;
  size: number;
  first: number | null;
  last: number | null;
}

interface Story extends Centroid {
  id: number;
  events: Event[];
  /** The most recent members (oldest first), each with the event it went to. */
  members: Member[];
}

interface Member {
  event: number;
  terms: Map<string, number>;
}

interface Event extends Centroid {
  id: number;
}

/** Everything the clusterer knows, as plain JSON, so that a store can keep it between runs. */
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

export class StoryClusterer {
  readonly opts: ClusterOptions;
  private readonly df = new Map<string, number>();
  private docs = 0;
  private readonly stories = new Map<number, Story>();
  /** Story id a merged story now lives in. */
  private readonly mergedInto = new Map<number, number>();
  private readonly postings = new Map<string, number[]>();
  private nextStory = 1;
  private nextEvent = 1;

  constructor(opts: Partial<ClusterOptions> = {}) {
    this.opts = { ...DEFAULT_CLUSTER_OPTIONS, ...opts };
  }

  /** Place one article: in the best story (and event) above threshold, or in a new one. */
  assign(f: StoryFeatures): Assignment {
    this.docs++;
    for (const t of f.terms.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    const vec = this.vector(f.terms);
    const indexed = topTerms(vec, Math.max(this.opts.candidateTerms, this.opts.indexTerms));
    const top = indexed.slice(0, this.opts.candidateTerms);

    const { storyThreshold, storyHalfLifeDays, storyTimeFloor, eventThreshold, eventHalfLifeDays } =
      this.opts;
    // Centroids rank the candidates; the closest few are scored again with their members.
    const ranked = this.candidates(top).map((story) => ({
      story,
      discount: decay(f.time, story, storyHalfLifeDays, storyTimeFloor),
      centroid: similarity(vec, story),
    }));
    ranked.sort((a, b) => b.centroid * b.discount - a.centroid * a.discount);
    const scored: { story: Story; score: number; near: number[] }[] = [];
    for (const [i, { story, discount, centroid }] of ranked.entries()) {
      const near = i < this.opts.neighbourCandidates ? story.members.map((m) => dot(vec, m.terms)) : [];
      const score = this.score(vec, story, near, centroid) * discount;
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
        this.merge(story, other.story);
        merged.push(other.story.id);
      }
    } else {
      story = { id: this.nextStory++, events: [], members: [], ...emptyCentroid() };
      this.stories.set(story.id, story);
    }
    addTo(story, vec, f.time, this.opts.centroidTerms);
    for (const t of indexed) this.index(t, story.id);

    // The story's remembered members, by the event each went to (scored above unless a merge changed them).
    const known = scored[0]?.near;
    const near =
      known && !merged.length && known.length === story.members.length
        ? known
        : story.members.map((m) => dot(vec, m.terms));
    const nearByEvent = new Map<number, number[]>();
    story.members.forEach((m, j) => {
      const list = nearByEvent.get(m.event);
      if (list) list.push(near[j]!);
      else nearByEvent.set(m.event, [near[j]!]);
    });
    let event: Event | undefined;
    let best = eventThreshold;
    for (const e of story.events) {
      const s = this.score(vec, e, nearByEvent.get(e.id) ?? []) * decay(f.time, e, eventHalfLifeDays, 0);
      if (s >= best) {
        best = s;
        event = e;
      }
    }
    if (!event) {
      event = { id: this.nextEvent++, ...emptyCentroid() };
      story.events.push(event);
    }
    addTo(event, vec, f.time, this.opts.centroidTerms);
    story.members.push({ event: event.id, terms: heaviest(vec, this.opts.memberTerms) });
    if (story.members.length > this.opts.recentMembers)
      story.members.splice(0, story.members.length - this.opts.recentMembers);
    return { article: f.id, story: story.id, event: event.id, score, opened: scored.length === 0, merged };
  }

  /** The story's centroid weights (term -> weight), for labelling and search; empty for an unknown story. */
  centroid(story: number): Map<string, number> {
    return new Map(this.stories.get(this.resolve(story))?.weights ?? []);
  }

  toJSON(): ClusterState {
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
      options: { ...this.opts },
      docs: this.docs,
      nextStory: this.nextStory,
      nextEvent: this.nextEvent,
      df: [...this.df],
      stories: [...this.stories.values()].map((st) => ({
        ...saveCentroid(st),
        events: st.events.map(saveCentroid),
        members: st.members.map((m) => ({
          event: m.event,
          terms: [...m.terms.keys()],
          weights: [...m.terms.values()].map(round),
        })),
      })),
      mergedInto: [...this.mergedInto],
      postings: [...this.postings],
    };
  }

  /** A clusterer from the JSON text a store saved; a clear error when the text is not a state this code reads. */
  static parse(data: string, opts: Partial<ClusterOptions> = {}): StoryClusterer {
    let state: ClusterState;
    try {
      state = JSON.parse(data) as ClusterState;
    } catch {
      throw new Error(
        'the stored story state is unreadable; run `sitrep stories --rebuild` to rebuild it from the articles',
      );
    }
    return StoryClusterer.fromJSON(state, opts);
  }

  static fromJSON(state: ClusterState, opts: Partial<ClusterOptions> = {}): StoryClusterer {
    if (
      (state?.version !== 1 && state?.version !== 2) ||
      !Array.isArray(state.stories) ||
      !Array.isArray(state.df)
    ) {
      throw new Error(
        `the stored story state (version ${String(state?.version)}) is not one this sitrep reads; run \`sitrep stories --rebuild\``,
      );
    }
    const c = new StoryClusterer({ ...state.options, ...opts });
    const load = (sc: SavedCentroid): Centroid & { id: number } => {
      const weights = new Map(sc.terms.map((t, i) => [t, sc.weights[i]!]));
      return { id: sc.id, weights, norm: normOf(weights), size: sc.size, first: sc.first, last: sc.last };
    };
    c.docs = state.docs;
    c.nextStory = state.nextStory;
    c.nextEvent = state.nextEvent;
    for (const [t, n] of state.df) c.df.set(t, n);
    for (const st of state.stories) {
      const members = (st.members ?? []).map((m) => ({
        event: m.event,
        terms: new Map(m.terms.map((t, i) => [t, m.weights[i]!])),
      }));
      c.stories.set(st.id, { ...load(st), events: st.events.map(load), members });
    }
    for (const [from, into] of state.mergedInto) c.mergedInto.set(from, into);
    for (const [t, p] of state.postings) c.postings.set(t, p);
    return c;
  }

  /** The story an id now stands for, following merges. */
  resolve(story: number): number {
    let id = story;
    for (let next = this.mergedInto.get(id); next !== undefined; next = this.mergedInto.get(id)) id = next;
    return id;
  }

  /** The heaviest terms of a story, for a label. */
  keyTerms(story: number, n = 8): string[] {
    const s = this.stories.get(this.resolve(story));
    return s ? topTerms(s.weights, n) : [];
  }

  /** Centroid cosine blended with the mean of the `neighbours` highest member similarities in `near`. */
  private score(
    vec: Map<string, number>,
    c: Centroid,
    near: number[],
    centroid = similarity(vec, c),
  ): number {
    const w = this.opts.neighbourWeight;
    if (!w || !near.length) return centroid;
    const k = Math.min(this.opts.neighbours, near.length);
    const closest = near.length > k ? [...near].sort((a, b) => b - a).slice(0, k) : near;
    let sum = 0;
    for (const x of closest) sum += x;
    return (1 - w) * centroid + (w * sum) / k;
  }

  private vector(terms: Map<string, number>): Map<string, number> {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, tf] of terms) {
      const { priorDocs, priorRate } = this.opts;
      const idf = Math.log((this.docs + priorDocs) / ((this.df.get(t) ?? 1) + priorDocs * priorRate));
      const w = (1 + Math.log(tf)) * idf;
      if (w <= 0) continue;
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  }

  private candidates(terms: string[]): Story[] {
    const ids = new Set<number>();
    for (const t of terms) {
      const p = this.postings.get(t);
      if (!p) continue;
      for (let i = Math.max(0, p.length - this.opts.maxPostings); i < p.length; i++)
        ids.add(this.resolve(p[i]!));
    }
    return [...ids].map((id) => this.stories.get(id)!).filter(Boolean);
  }

  private index(term: string, story: number): void {
    let p = this.postings.get(term);
    if (!p) this.postings.set(term, (p = []));
    if (p[p.length - 1] !== story) p.push(story);
    if (p.length > this.opts.maxPostings * 2) p.splice(0, p.length - this.opts.maxPostings);
  }

  private merge(into: Story, from: Story): void {
    for (const [t, w] of from.weights) into.weights.set(t, (into.weights.get(t) ?? 0) + w);
    into.norm = normOf(into.weights);
    into.size += from.size;
    into.first = minTime(into.first, from.first);
    into.last = maxTime(into.last, from.last);
    into.events.push(...from.events);
    into.members = [...from.members, ...into.members].slice(-this.opts.recentMembers);
    this.stories.delete(from.id);
    this.mergedInto.set(from.id, into.id);
  }
}

function emptyCentroid(): Centroid {
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
  c.norm = normOf(c.weights);
  c.size++;
  c.first = minTime(c.first, time);
  c.last = maxTime(c.last, time);
}

function similarity(vec: Map<string, number>, c: Centroid): number {
  return c.norm ? dot(vec, c.weights) / c.norm : 0;
}

function dot(a: Map<string, number>, b: Map<string, number>): number {
  if (a.size > b.size) [a, b] = [b, a];
  let s = 0;
  for (const [t, w] of a) {
    const x = b.get(t);
    if (x) s += w * x;
  }
  return s;
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

function topTerms(v: Map<string, number>, n: number): string[] {
  return [...v]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([t]) => t);
}

function normOf(v: Map<string, number>): number {
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
