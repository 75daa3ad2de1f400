/**
 * Figures compared across outlets on the hand-annotated AllSides stories
 * (../shared/gold/figure-groups-dev.jsonl): each gold story's articles are analysed as `sitrep ingest`
 * analyses them and compared as `sitrep compare` compares a story (alignFigures, the figure part of the
 * compare use case); every group becomes one prediction line for ../shared/eval/score-figure-groups.mjs,
 * run as its header says. Reports figure detection, value, unit, claimant, cross-outlet alignment and verdicts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alignFigures } from '../compare/figures.js';
import type { Row } from './corpora.js';
import { analyzeRow, type StoryRow } from './stories.js';

interface GoldStory {
  story: string;
  articles: string[];
}

interface Scores {
  figures: { p: number; r: number; f1: number; tp: number; pred: number; gold: number };
  value: number;
  unit: number;
  claimant: number;
  alignment: { p: number; r: number; f1: number; pred: number; gold: number };
  verdict: { accuracy: number | null; pairs: number; falseAgree: number };
}

/** The prediction lines for the gold stories: one line per story, its groups as member indexes. */
export function figureGroupPredictions(stories: GoldStory[], rows: StoryRow[]): string[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return stories.map((s) => {
    const articles = s.articles.map((id) => {
      const row = byId.get(id);
      if (!row) throw new Error(`figure-groups gold names article ${id}, which allsides.jsonl lacks`);
      return analyzeRow(row);
    });
    const figures: object[] = [];
    const groups: { members: number[]; verdict: string }[] = [];
    for (const g of alignFigures(articles)) {
      const members: number[] = [];
      for (const f of g.figures) {
        members.push(figures.length);
        figures.push({
          article: f.articleId,
          start: f.start,
          end: f.end,
          text: f.text,
          value: f.value,
          low: f.low,
          high: f.high,
          unit: f.unit,
          claimant: f.claimant,
        });
      }
      groups.push({ members, verdict: g.verdict });
    }
    return JSON.stringify({ story: s.story, figures, groups });
  });
}

export async function evalFigureGroups(shared: string): Promise<Row[]> {
  const goldFile = join(shared, 'gold', 'figure-groups-dev.jsonl');
  const articlesFile = join(shared, 'corpus', 'stories-dev', 'allsides.jsonl');
  const lines = (f: string): string[] =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
  const stories = lines(goldFile).map((l) => JSON.parse(l) as GoldStory);
  const rows = lines(articlesFile).map((l) => JSON.parse(l) as StoryRow);
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-figuregroups-'));
  try {
    const pred = join(dir, 'pred.jsonl');
    writeFileSync(pred, `${figureGroupPredictions(stories, rows).join('\n')}\n`);
    const out = execFileSync(
      process.execPath,
      [
        join(shared, 'eval', 'score-figure-groups.mjs'),
        '--gold',
        goldFile,
        '--articles',
        articlesFile,
        '--pred',
        pred,
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const s = JSON.parse(out) as Scores;
    const c = 'figure-groups-dev';
    return [
      {
        corpus: c,
        measure: 'figures F1',
        value: s.figures.f1,
        target: '≥ 0.90 (#17)',
        note: `P ${s.figures.p.toFixed(3)} R ${s.figures.r.toFixed(3)} (${s.figures.tp}/${s.figures.gold} gold, ${s.figures.pred} predicted)`,
      },
      { corpus: c, measure: 'value accuracy (matched)', value: s.value, target: '≥ 0.97 (#17)' },
      { corpus: c, measure: 'unit accuracy (matched)', value: s.unit, target: '≥ 0.90 (#17)' },
      { corpus: c, measure: 'claimant accuracy (matched)', value: s.claimant, target: '≥ 0.85 (#17)' },
      {
        corpus: c,
        measure: 'cross-outlet alignment F1',
        value: s.alignment.f1,
        target: '≥ 0.80 (#17)',
        note: `P ${s.alignment.p.toFixed(3)} R ${s.alignment.r.toFixed(3)} (${s.alignment.gold} gold pairs, ${s.alignment.pred} predicted)`,
      },
      {
        corpus: c,
        measure: 'verdict accuracy (aligned pairs)',
        value: s.verdict.accuracy,
        target: '≥ 0.90 (#17)',
        note: `${s.verdict.pairs} pairs`,
      },
      { corpus: c, measure: 'false "agree" pairs', value: s.verdict.falseAgree, target: '0 (#17)' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
