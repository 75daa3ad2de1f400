import fs from 'node:fs';
import { createContext } from '../dist/analyze/context.js';
import { sentencesAnalyzer } from '../dist/analyze/sentences.js';
import { datesAnalyzer } from '../dist/analyze/dates.js';
import { figuresAnalyzer, normalizeUnit } from '../dist/analyze/figures.js';
const data = JSON.parse(fs.readFileSync('../shared/corpus/figures-dev/newsquant-dev.json', 'utf8'));
const out = [];
for (const s of data) {
  const ctx = createContext({ id: 'nq', externalId: null, source: 'nq', url: null, title: null, outlet: null, published: null, language: 'en', format: 'text', text: s.text, meta: {}, sourceMap: null });
  for (const a of [sentencesAnalyzer, datesAnalyzer, figuresAnalyzer]) a.run(ctx);
  const preds = ctx.figures.filter((f) => f.value !== null || f.low !== null).map((f) => ({ text: f.text, value: f.low !== null ? `${f.low}-${f.high}` : String(f.value), unit: normalizeUnit(f.noun) ?? '-' }));
  for (const g of s.quantities) {
    const p = preds.find((p) => Math.abs(Number(p.value) - Number(g.value)) < 1e-6 || p.value === g.value);
    if (!p) out.push(`MISS ${g.value} ${g.normalized_unit} | ${s.text.slice(0, 160)}`);
    else if (p.unit !== g.normalized_unit.toLowerCase()) out.push(`UNIT gold=${g.normalized_unit} pred=${p.unit} (${p.text})`);
  }
}
console.log(out.filter((l) => l.startsWith(process.argv[2] ?? 'UNIT')).join('\n'));
