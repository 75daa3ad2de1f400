/**
 * The analysis context: one article and everything found in it so far. Analyzers are plain objects that
 * read the context and add their own layer, in order (like compromise's plugins), so a later analyzer
 * can use an earlier one's output (quotes use entities; figures use quotes and dates).
 */
import { availableParallelism } from 'node:os';
import { baseLanguage } from '../util/language.js';
import type {
  AnalysisWarning,
  Article,
  DateMention,
  Entity,
  Figure,
  Quote,
  Span,
} from '../model/document.js';

export interface AnalysisContext {
  readonly article: Article;
  readonly text: string;
  /** Base language subtag ("en", "ru"), defaulting to "en" when unknown. */
  readonly lang: string;
  paragraphs: Span[];
  sentences: Span[];
  entities: Entity[];
  quotes: Quote[];
  figures: Figure[];
  dates: DateMention[];
  /** What could not be done; analyzers add to it instead of throwing. */
  warnings: AnalysisWarning[];
  /** The document's time budget: long loops call `budget.check()`, which throws once it is spent. */
  readonly budget: Budget;
}

/** Thrown by `Budget.check()` once the time budget is spent; `analyze()` turns it into an over-budget warning. */
export class BudgetExceededError extends Error {
  constructor(readonly limitMillis: number) {
    super(`analysis used more than its budget of ${limitMillis} ms`);
    this.name = 'BudgetExceededError';
  }
}

/** A cooperative time budget: checked between analyzers and inside their long loops. */
export interface Budget {
  /** Throws once the budget is spent; cheap enough for every turn of a long loop. */
  check(): void;
  /** The same, reading the clock whatever the count of checks (between analyzers). */
  checkNow(): void;
}

/**
 * The process's CPU time in milliseconds: the budget counts the work done, so a busy machine does not make
 * a document over budget (the wall clock would also count other processes' turns).
 */
export function cpuMillis(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** How many checks pass between two readings of the default clock (a reading is a system call). */
const CHECKS_PER_READING = 32;

/** Cores the process's threads may run on at once: the most CPU time one second of wall time can hold. */
const CORES = Math.max(1, availableParallelism());

/**
 * A budget of `maxMillis` read on `clock` (milliseconds; by default CPU time; injectable so a test can spend
 * it without waiting: an injected clock is read at every check).
 */
export function timeBudget(maxMillis: number, clock?: () => number): Budget {
  if (!Number.isFinite(maxMillis)) return NO_BUDGET;
  const read = clock ?? cpuMillis;
  const every = clock ? 1 : CHECKS_PER_READING;
  let lastCpu = read();
  let lastWall = performance.now();
  const deadline = lastCpu + maxMillis;
  let checks = 0;
  const checkNow = (): void => {
    if (!clock) {
      // Reading the CPU clock is a system call (tens of microseconds in a container), and the process's
      // CPU time grows at most `CORES` times as fast as the wall clock: while that bound stays under the
      // deadline, the budget cannot be spent and the reading is not needed.
      const wall = performance.now();
      if (lastCpu + (wall - lastWall) * CORES <= deadline) return;
      lastWall = wall;
      lastCpu = read();
      if (lastCpu > deadline) throw new BudgetExceededError(maxMillis);
      return;
    }
    if (read() > deadline) throw new BudgetExceededError(maxMillis);
  };
  return {
    check() {
      if (++checks % every === 0) checkNow();
    },
    checkNow,
  };
}

export const NO_BUDGET: Budget = { check() {}, checkNow() {} };

export interface Analyzer {
  name: string;
  run(ctx: AnalysisContext): void;
}

/** The context of one article; `text` is the part to analyse (by default the whole text, else a prefix of it). */
export function createContext(
  article: Article,
  budget: Budget = NO_BUDGET,
  text: string = article.text,
): AnalysisContext {
  return {
    article,
    text,
    lang: baseLanguage(article.language),
    paragraphs: [],
    sentences: [],
    entities: [],
    quotes: [],
    figures: [],
    dates: [],
    warnings: [],
    budget,
  };
}
