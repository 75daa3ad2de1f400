/** Stored annotations as the store lists them: each row typed by its kind, so no consumer has to cast. */
import type { DateMention, Entity, Figure, Quote } from './document.js';

/** What an annotation of each kind holds, as analysis produced it. */
export interface AnnotationItems {
  entity: Entity;
  quote: Quote;
  figure: Figure;
  date: DateMention;
}

export type AnnotationKind = keyof AnnotationItems;

/** One stored annotation of kind `K` with what a listing shows of its article. */
export interface AnnotationRow<K extends AnnotationKind = AnnotationKind> {
  article: {
    id: string;
    externalId: string | null;
    title: string | null;
    outlet: string | null;
    published: string | null;
    source: string;
  };
  /** The annotation as analysis produced it. */
  item: AnnotationItems[K];
}
