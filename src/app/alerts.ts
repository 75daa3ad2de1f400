/**
 * Alerts: rules checked against the articles a watch cycle stored, each match citing the article and the
 * span that triggered it. Rules come from a small JSON file (`readAlertConfig`); where matches go (standard
 * output, a JSONL file, a webhook signed with HMAC-SHA256) is the caller's (`deliverAlerts`).
 */
import { createHmac } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { type AlignedFigure, alignFigures } from '../compare/figures.js';
import type { AnalyzedArticle } from '../model/document.js';
import type { Store } from '../store/store.js';
import { BadInputError } from './errors.js';
import { storyArticles } from './stories.js';

export type AlertRule =
  /** A story newly covered by `min` or more outlets. */
  | { type: 'story-outlets'; min: number }
  /** A new statement (quote) by an entity, by its name or one of its aliases. */
  | { type: 'entity-statement'; entity: string; aliases?: string[] }
  /** A new figure that disagrees with one already in its story. */
  | { type: 'figure-disagrees' }
  /** An outlet covering a story for the first time. */
  | { type: 'outlet-joins' };

export type AlertOutput =
  | { type: 'stdout' }
  | { type: 'jsonl'; path: string }
  /** POSTed as JSON, signed: `X-Sitrep-Signature: sha256=<hex HMAC-SHA256 of the body>`. */
  | { type: 'webhook'; url: string; secretEnv: string };

export interface AlertConfig {
  rules: AlertRule[];
  outputs: AlertOutput[];
}

export interface Alert {
  rule: AlertRule['type'];
  message: string;
  story: number | null;
  articleId: string;
  outlet: string | null;
  title: string | null;
  /** The passage that triggered the alert. */
  cite: { articleId: string; start: number; end: number; text: string };
}

export const SIGNATURE_HEADER = 'x-sitrep-signature';

/** The signature header's value for a body: what a receiver recomputes with the shared secret. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Read and check an alerts file; BadInputError naming the file and the first thing wrong. */
export async function readAlertConfig(file: string): Promise<AlertConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BadInputError(
      file,
      code ? `cannot be read (${code})` : `is not valid JSON (${(err as Error).message})`,
    );
  }
  const bad = (why: string): never => {
    throw new BadInputError(file, why);
  };
  if (!isObject(raw) || !Array.isArray(raw.rules)) return bad('needs a "rules" array');
  const rules = raw.rules.map((r: unknown, i): AlertRule => {
    if (!isObject(r)) return bad(`rules[${i}] is not an object`);
    switch (r.type) {
      case 'story-outlets':
        if (!Number.isInteger(r.min) || (r.min as number) < 1)
          return bad(`rules[${i}].min must be a whole number ≥ 1`);
        return { type: 'story-outlets', min: r.min as number };
      case 'entity-statement': {
        if (typeof r.entity !== 'string' || !r.entity.trim()) return bad(`rules[${i}].entity must be a name`);
        const aliases = r.aliases ?? [];
        if (!Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string'))
          return bad(`rules[${i}].aliases must be a list of names`);
        return { type: 'entity-statement', entity: r.entity, aliases: aliases as string[] };
      }
      case 'figure-disagrees':
      case 'outlet-joins':
        return { type: r.type };
      default:
        return bad(
          `rules[${i}].type must be story-outlets, entity-statement, figure-disagrees or outlet-joins, not ${JSON.stringify(r.type)}`,
        );
    }
  });
  const outputsRaw = raw.outputs ?? [{ type: 'stdout' }];
  if (!Array.isArray(outputsRaw)) return bad('"outputs" must be an array');
  const outputs = outputsRaw.map((o: unknown, i): AlertOutput => {
    if (!isObject(o)) return bad(`outputs[${i}] is not an object`);
    if (o.type === 'stdout') return { type: 'stdout' };
    if (o.type === 'jsonl') {
      if (typeof o.path !== 'string' || !o.path) return bad(`outputs[${i}].path must be a file path`);
      return { type: 'jsonl', path: o.path };
    }
    if (o.type === 'webhook') {
      if (typeof o.url !== 'string' || !/^https?:\/\//i.test(o.url))
        return bad(`outputs[${i}].url must be an http(s) URL`);
      // The secret stays out of the file: the file names the environment variable that holds it.
      if (typeof o.secretEnv !== 'string' || !o.secretEnv)
        return bad(`outputs[${i}].secretEnv must name an environment variable`);
      return { type: 'webhook', url: o.url, secretEnv: o.secretEnv };
    }
    return bad(`outputs[${i}].type must be stdout, jsonl or webhook`);
  });
  return { rules, outputs };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A passage that stands for a whole article: its first sentence (or its title when it has no text). */
function leadCite(a: AnalyzedArticle): Alert['cite'] {
  const s = a.sentences[0];
  if (!s) return { articleId: a.id, start: 0, end: 0, text: '' };
  return { articleId: a.id, start: s.start, end: s.end, text: a.text.slice(s.start, s.end) };
}

const fold = (s: string): string => s.normalize('NFKC').toLocaleLowerCase().replace(/\s+/g, ' ').trim();

/** The alerts that the newly stored articles `newIds` raise under `rules`, in rule order. */
export async function evaluateAlerts(store: Store, rules: AlertRule[], newIds: string[]): Promise<Alert[]> {
  if (!rules.length || !newIds.length) return [];
  const fresh = new Set(newIds);
  const articles = new Map<string, AnalyzedArticle>();
  for (const id of newIds) {
    const a = await store.getArticle(id);
    if (a) articles.set(id, a);
  }
  const members = await store.storyMembers();
  const storyOf = new Map(members.map((m) => [m.articleId, m.story]));
  const touched = [
    ...new Set(newIds.map((id) => storyOf.get(id)).filter((s): s is number => s !== undefined)),
  ];
  const alerts: Alert[] = [];
  const alert = (rule: Alert['rule'], a: AnalyzedArticle, message: string, cite = leadCite(a)): void =>
    void alerts.push({
      rule,
      message,
      story: storyOf.get(a.id) ?? null,
      articleId: a.id,
      outlet: a.outlet,
      title: a.title,
      cite,
    });
  for (const rule of rules) {
    if (rule.type === 'entity-statement') {
      const names = new Set([rule.entity, ...(rule.aliases ?? [])].map(fold));
      for (const a of articles.values())
        for (const q of a.quotes) {
          const who = [q.speaker, q.source?.text].filter((s): s is string => !!s).map(fold);
          if (who.some((w) => names.has(w)))
            alert('entity-statement', a, `new statement by ${rule.entity}`, {
              articleId: a.id,
              start: q.start,
              end: q.end,
              text: q.text,
            });
        }
      continue;
    }
    for (const story of touched) {
      const inStory = members.filter((m) => m.story === story);
      const before = inStory.filter((m) => !fresh.has(m.articleId));
      const added = inStory.filter((m) => fresh.has(m.articleId)).map((m) => articles.get(m.articleId)!);
      const outletsBefore = new Set(before.map((m) => m.outlet).filter((o): o is string => !!o));
      if (rule.type === 'story-outlets') {
        const outlets = new Set(outletsBefore);
        for (const a of added) {
          const had = outlets.size;
          if (a.outlet) outlets.add(a.outlet);
          if (had < rule.min && outlets.size >= rule.min) {
            alert('story-outlets', a, `story ${story} is now covered by ${outlets.size} outlets`);
            break;
          }
        }
      } else if (rule.type === 'outlet-joins') {
        if (!before.length) continue; // a new story is not joined
        const seen = new Set(outletsBefore);
        for (const a of added) {
          if (!a.outlet || seen.has(a.outlet)) continue;
          seen.add(a.outlet);
          alert('outlet-joins', a, `${a.outlet} joins story ${story}`);
        }
      } else if (rule.type === 'figure-disagrees') {
        if (!before.length) continue;
        const all = await storyArticles(store, story);
        for (const group of alignFigures(all)) {
          if (group.verdict !== 'differ') continue;
          const stored = group.figures.filter((f) => !fresh.has(f.articleId));
          for (const f of group.figures.filter((g) => fresh.has(g.articleId))) {
            // The group differs as a whole; this figure disagrees only with a stored one of another value.
            const old = stored.find((g) => !sameValue(g, f));
            if (!old) continue;
            const a = articles.get(f.articleId)!;
            alert(
              'figure-disagrees',
              a,
              `${f.text} (${a.outlet ?? 'unknown outlet'}) disagrees with ${old.text} (${old.outlet ?? 'unknown outlet'}) on ${group.measure}`,
              { articleId: a.id, start: f.start, end: f.end, text: f.text },
            );
          }
        }
      }
    }
  }
  return alerts;
}

function sameValue(a: AlignedFigure, b: AlignedFigure): boolean {
  return a.value === b.value && a.low === b.low && a.high === b.high;
}

/**
 * Send alerts to every output: `stdout` lines through `print`, appended JSONL lines, one signed POST per
 * alert. Returns the outputs that failed (the others still got every alert).
 */
export async function deliverAlerts(
  alerts: Alert[],
  outputs: AlertOutput[],
  print: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ output: string; reason: string }[]> {
  const failed: { output: string; reason: string }[] = [];
  if (!alerts.length) return failed;
  const lines = alerts.map((a) => JSON.stringify(a));
  for (const o of outputs) {
    try {
      if (o.type === 'stdout') lines.forEach(print);
      else if (o.type === 'jsonl') await appendFile(o.path, lines.map((l) => `${l}\n`).join(''));
      else {
        const secret = env[o.secretEnv];
        if (!secret) throw new Error(`$${o.secretEnv} is not set: the webhook's secret comes from it`);
        for (const body of lines) {
          const res = await fetch(o.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature(body, secret) },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          await res.body?.cancel();
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
        }
      }
    } catch (err) {
      failed.push({
        output: o.type === 'webhook' ? o.url : o.type === 'jsonl' ? o.path : 'stdout',
        reason: (err as Error).message,
      });
    }
  }
  return failed;
}
