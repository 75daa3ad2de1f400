/**
 * The application layer: every use case the CLI, the demo, the server and the workers call. Functions take
 * a Store (opened with `open`/`withStore`: `read` never creates or changes a database) and plain options,
 * return data and never print; the outcomes a caller must tell apart are the classes in `errors.ts`.
 */
export * from './analyze.js';
export * from './articles.js';
export * from './demo.js';
export * from './errors.js';
export * from './export.js';
export * from './ingest.js';
export * from './open.js';
export * from './reanalyze.js';
export * from './stories.js';
export * from './views.js';
export * from './api.js';
export * from './cache.js';
export * from './jobs.js';
export * from './sources.js';
export * from './watch.js';
export * from './alerts.js';
