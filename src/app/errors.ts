/**
 * The outcomes a caller of the application layer must tell apart, defined once. The CLI maps them to exit
 * codes (`exitCodeOf` in cli/main.ts), the server to HTTP statuses; both match on the class, never on text.
 */
export { StoreNotFoundError, StoreOpenError } from '../store/errors.js';

/** What the caller asked for does not exist: an unknown story, article or entity (HTTP 404, exit 1). */
export class NotFoundError extends Error {
  constructor(
    readonly what: 'story' | 'article' | 'entity' | 'source',
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The request itself is malformed: an empty database path, a threshold outside 0..1 (HTTP 400, exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An input the caller named could not be used: an unreadable lexicon file (HTTP 422, exit 1). */
export class BadInputError extends Error {
  constructor(
    readonly input: string,
    /** What is wrong with it, without its name. */
    readonly reason: string,
  ) {
    super(`${input}: ${reason}`);
    this.name = 'BadInputError';
  }
}
