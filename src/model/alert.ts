/**
 * An alert: a watch rule matched by a newly stored article, citing the passage that triggered it. Defined
 * here, below the store and the application, because the store keeps the alerts fired and the notifiers
 * deliver them.
 */

/** The rules an alert can come from (their settings live with the rules in src/app/alerts.ts). */
export type AlertRuleType = 'story-outlets' | 'entity-statement' | 'figure-disagrees' | 'outlet-joins';

export interface Alert {
  rule: AlertRuleType;
  message: string;
  story: number | null;
  articleId: string;
  outlet: string | null;
  title: string | null;
  /** The passage that triggered the alert. */
  cite: { articleId: string; start: number; end: number; text: string };
}

/** An alert as the store keeps it: numbered in the order fired, with when. */
export interface FiredAlert extends Alert {
  /** Increases with every alert stored: a later alert has a larger id. */
  id: number;
  /** ISO 8601 (UTC). */
  firedAt: string;
}

/** Where alerts go: standard output (JSON lines), a JSONL file, or a webhook. */
export type AlertOutput =
  | { type: 'stdout' }
  | { type: 'jsonl'; path: string }
  /** POSTed as JSON, signed: `X-Sitrep-Signature: sha256=<hex HMAC-SHA256 of the body>`. */
  | { type: 'webhook'; url: string; secretEnv: string };
