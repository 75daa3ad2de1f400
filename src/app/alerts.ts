/**
 * Alerts: rules checked against the articles a watch cycle stored, each match citing the article and the
 * span that triggered it. Rules come from a small JSON file (`parseAlertConfig`); where matches go
 * (standard output, a JSONL file, a webhook signed with HMAC-SHA256) is the caller's: src/notify delivers.
 */
import { type AlignedFigure, alignFigures } from '../compare/figures.js';
import type { Alert, AlertOutput } from '../model/alert.js';
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

export interface AlertConfig {
  rules: AlertRule[];
  outputs: AlertOutput[];
}

export type { Alert, AlertOutput, FiredAlert } from '../model/alert.js';

/**
 * Check the text of an alerts file (`file` names it in errors); BadInputError naming the file and the
 * first thing wrong.
 */
export function parseAlertConfig(file: string, text: string): AlertConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BadInputError(file, `is not valid JSON (${(err as Error).message})`);
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
