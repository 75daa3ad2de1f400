/** A document as ingest read it, before extraction: the hand-off from ingest to extract. */
import type { AnalysisWarning, InputFormat } from './document.js';

/** Metadata an input supplies about itself, as a feed would: it wins over anything guessed. */
export interface SourceMeta {
  url?: string;
  title?: string;
  outlet?: string;
  published?: string;
  language?: string;
  externalId?: string;
  /** Who supplied these fields. */
  origin?: 'sidecar' | 'feed' | 'jsonl' | 'fetch';
}

/** One article as read from its input, before extraction. */
export interface RawDocument {
  /** Input path or URL as given; `path#N` for the N-th line of a JSONL file or item of a feed. */
  source: string;
  format: InputFormat;
  content: string;
  /** Stable id: SHA-256 of the content, first 16 hex digits. */
  id: string;
  meta: SourceMeta;
  /**
   * What reading the input changed or left out (control characters removed, an invalid date dropped);
   * carried onto the analysed article's warnings so that nothing is changed silently.
   */
  warnings?: AnalysisWarning[];
}
