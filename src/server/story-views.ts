/**
 * A story's comparison and brief computed in a worker thread on its own connection to the store, so that
 * the server's event loop answers other requests meanwhile (on a big story they take seconds of CPU).
 * One thread, started on first use and kept; requests queue in it. A thread that dies fails the requests
 * it held; the next request starts another.
 */
import { Worker } from 'node:worker_threads';
import type { StoryViewRunner } from '../app/api.js';
import type { Brief, Comparison } from '../app/views.js';

const THREAD = new URL('./story-views-thread.js', import.meta.url);

/** What the thread is asked: a view of one story. */
export interface ViewRequest {
  id: number;
  view: 'brief' | 'compare';
  story: number;
}

/** What the thread answers: the view, or why it could not be computed. */
export type ViewAnswer =
  { id: number; value: unknown } | { id: number; error: { name: string; message: string } };

/** An error the thread reported, with the name of the error it caught there. */
export class StoryViewError extends Error {
  constructor(
    readonly thrown: string,
    message: string,
  ) {
    super(message);
    this.name = 'StoryViewError';
  }
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export class StoryViewThread implements StoryViewRunner {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  /** `location`: how the server opened its store (a path or a PostgreSQL URL), opened again to read. */
  constructor(private readonly location: string) {}

  compare(story: number): Promise<Comparison> {
    return this.ask('compare', story) as Promise<Comparison>;
  }

  brief(story: number): Promise<Brief> {
    return this.ask('brief', story) as Promise<Brief>;
  }

  /** Start the thread now (it loads its modules and opens the store), so the first view waits less. */
  start(): void {
    this.thread();
  }

  /** Stop the thread; requests it still held fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
    this.failAll(new StoryViewError('Closed', 'the server is stopping'));
  }

  private ask(view: ViewRequest['view'], story: number): Promise<unknown> {
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.thread().postMessage({ id, view, story } satisfies ViewRequest);
    return answer;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(THREAD, { workerData: { location: this.location } });
    // An idle thread must not keep the process alive after the server closed.
    w.unref();
    w.on('message', (a: ViewAnswer) => {
      const waiting = this.waiting.get(a.id);
      if (!waiting) return;
      this.waiting.delete(a.id);
      if ('error' in a) waiting.reject(new StoryViewError(a.error.name, a.error.message));
      else waiting.resolve(a.value);
    });
    const died = (err: Error): void => {
      if (this.worker === w) this.worker = null;
      this.failAll(err);
    };
    w.on('error', died);
    w.on('exit', (code) => died(new StoryViewError('Exit', `the view thread stopped (exit code ${code})`)));
    this.worker = w;
    return w;
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
