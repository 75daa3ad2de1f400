/** The briefing as Markdown and as one self-contained HTML page (no network: styles inline, no scripts). */
import type { Brief, Cite } from '../brief/brief.js';
import { citeSource, citeSpan, dayOf, outletName } from './cite.js';
import { html as esc, mdInline as md, oneLine, printable } from './text.js';
import { omittedNote } from './views.js';

const day = (d: string | null): string => oneLine(dayOf(d));
const citeLabel = (c: Cite): string => `${citeSource(c, oneLine)}, ¶${c.paragraph}`;
const citeRef = (c: Cite): string => citeSpan(c.externalId ?? c.articleId, c, oneLine);

/** A source's address as a Markdown autolink when it is a web address, else as plain text. */
const mdUrl = (url: string): string =>
  /^https?:\/\/[^\s<>"\\`]+$/i.test(url) && printable(url) === url ? `<${url}>` : md(url);

export function briefMarkdown(b: Brief): string {
  const L: string[] = [];
  const c = (x: Cite): string => `[${md(citeLabel(x))}; ${md(citeRef(x))}]`;
  L.push(
    `# ${md(b.story.label)}`,
    '',
    `Story ${b.story.id}: ${b.story.articleCount} articles from ${md(b.story.outlets.join(', ') || 'unknown outlets')}, ${md(day(b.story.first))} – ${md(day(b.story.last))}.`,
    '',
  );
  L.push('## What happened', '');
  for (const s of b.summary) L.push(`- ${md(s.text)} ${c(s.cite)}`);
  L.push('', '## Key actors', '');
  for (const e of b.actors)
    L.push(
      `- **${md(e.name)}** (${e.type}${e.uncertain ? ', type uncertain' : ''}${e.roles.length ? `; ${md(e.roles.join(', '))}` : ''}; ${e.articles} article${e.articles === 1 ? '' : 's'}, ${e.mentions} mention${e.mentions === 1 ? '' : 's'}${e.aliases.length ? `; also ${md(e.aliases.join(', '))}` : ''})`,
    );
  L.push('', '## Who said what', '');
  for (const g of b.quotes) {
    L.push(`### ${md(g.speaker)}`, '');
    for (const q of g.quotes) L.push(`- (${md(q.kind)}) “${md(q.text)}” ${c(q.cite)}`);
    L.push('');
  }
  if (b.unresolved.length) {
    L.push('### Speaker not resolved', '');
    for (const q of b.unresolved)
      L.push(`- ${q.mention ? `${md(q.mention)}: ` : ''}(${md(q.kind)}) “${md(q.text)}” ${c(q.cite)}`);
    L.push('');
  }
  L.push('## Figures', '');
  if (!b.figures.length) L.push('No figures.');
  for (const g of b.figures) {
    L.push(`- **${md(g.measure)}** — ${md(g.verdict)}${g.reason ? ` (${md(g.reason)})` : ''}`);
    for (const f of g.figures)
      L.push(
        `  - ${md(f.text)}${f.claimant ? `, claimed by ${md(f.claimant)}` : ''} [${md(outletName(f.outlet))}, ${md(day(f.published))}; ${citeSpan(f.externalId ?? f.articleId, f, md)}]`,
      );
  }
  L.push('', '## Timeline', '');
  for (const t of b.timeline)
    L.push(
      `- **${md(t.date)}**${t.planned ? ' (planned)' : ''} ${md(t.text)} ${c(t.cite)}${t.alsoIn.length ? ` (also ${md(t.alsoIn.map((x) => x.outlet ?? x.articleId).join(', '))})` : ''}`,
    );
  if (b.timelineOmitted > 0) L.push('', omittedNote(b.timelineOmitted));
  L.push('', '## How each outlet frames it', '');
  for (const o of b.framing.outlets) {
    const used = Object.entries(o.categories).flatMap(([cat, x]) =>
      Object.entries(x.terms).map(([t, n]) => `${t} ×${n} (${cat})`),
    );
    L.push(
      `- **${md(o.outlet)}** (${o.words} words): ${md(used.join(', ') || 'none of the lexicon in its own words')}`,
    );
  }
  L.push('', '## Sources', '');
  for (const s of b.sources)
    L.push(
      `- ${md(s.externalId ?? s.id)}: ${md(outletName(s.outlet))}, ${md(day(s.published))} — ${md(s.title ?? s.source)}${s.url ? ` ${mdUrl(s.url)}` : ''}`,
    );
  return L.join('\n');
}

export function briefHtml(b: Brief): string {
  const c = (x: Cite): string =>
    `<a class="cite" href="#src-${esc(x.articleId)}" title="${esc(citeRef(x))}">${esc(citeLabel(x))}</a>`;
  const sec: string[] = [];
  sec.push(
    `<section><h2>What happened</h2><ol class="summary">${b.summary.map((s) => `<li>${esc(oneLine(s.text))} ${c(s.cite)}</li>`).join('')}</ol></section>`,
  );
  sec.push(
    `<section><h2>Key actors</h2><table><thead><tr><th>Actor</th><th>Type</th><th>Articles</th><th>Mentions</th><th>Also called</th></tr></thead><tbody>${b.actors.map((e) => `<tr><td>${esc(e.name)}</td><td>${esc(e.type)}${e.uncertain ? ' (uncertain)' : ''}${e.roles.length ? `; ${esc(e.roles.join(', '))}` : ''}</td><td class="n">${e.articles}</td><td class="n">${e.mentions}</td><td>${esc(e.aliases.join(', '))}</td></tr>`).join('')}</tbody></table></section>`,
  );
  sec.push(
    `<section><h2>Who said what</h2>${b.quotes.map((g) => `<h3>${esc(g.speaker)}</h3><ul class="quotes">${g.quotes.map((q) => `<li><span class="kind">${esc(q.kind)}</span> <q>${esc(oneLine(q.text))}</q> ${c(q.cite)}</li>`).join('')}</ul>`).join('')}${b.unresolved.length ? `<h3>Speaker not resolved</h3><ul class="quotes">${b.unresolved.map((q) => `<li>${q.mention ? `<span class="mention">${esc(oneLine(q.mention))}</span>: ` : ''}<span class="kind">${esc(q.kind)}</span> <q>${esc(oneLine(q.text))}</q> ${c(q.cite)}</li>`).join('')}</ul>` : ''}</section>`,
  );
  sec.push(
    `<section><h2>Figures</h2>${b.figures.length ? `<table><thead><tr><th>Measure</th><th>Verdict</th><th>Figure</th><th>Claimed by</th><th>Source</th></tr></thead><tbody>${b.figures.map((g) => g.figures.map((f, i) => `<tr class="${i === 0 ? 'first' : ''}">${i === 0 ? `<td rowspan="${g.figures.length}">${esc(g.measure)}</td><td rowspan="${g.figures.length}" class="verdict ${g.verdict}">${esc(g.verdict)}${g.reason ? `<div class="reason">${esc(g.reason)}</div>` : ''}</td>` : ''}<td>${esc(f.text)}</td><td>${esc(f.claimant ?? '')}</td><td><a class="cite" href="#src-${esc(f.articleId)}" title="${esc(citeSpan(f.externalId ?? f.articleId, f))}">${esc(`${outletName(f.outlet)}, ${day(f.published)}`)}</a></td></tr>`).join('')).join('')}</tbody></table>` : '<p>No figures.</p>'}</section>`,
  );
  sec.push(
    `<section><h2>Timeline</h2><ol class="timeline">${b.timeline.map((t) => `<li><time>${esc(t.date)}</time>${t.planned ? ' <em>planned</em>' : ''} ${esc(oneLine(t.text))} ${c(t.cite)}${t.alsoIn.length ? ` <span class="also">also ${t.alsoIn.map(c).join(', ')}</span>` : ''}</li>`).join('')}</ol>${b.timelineOmitted > 0 ? `<p class="omitted">${esc(omittedNote(b.timelineOmitted))}</p>` : ''}</section>`,
  );
  const cats = [...new Set(b.framing.outlets.flatMap((o) => Object.keys(o.categories)))];
  sec.push(
    `<section><h2>How each outlet frames it</h2><p class="note">Per 1,000 words in the outlet's own voice; in brackets, the same words inside quotations.</p><table><thead><tr><th>Outlet</th><th>Words</th>${cats.map((k) => `<th>${esc(k)}</th>`).join('')}<th>Its own words</th></tr></thead><tbody>${b.framing.outlets
      .map(
        (o) =>
          `<tr><td>${esc(o.outlet)}</td><td class="n">${o.words}</td>${cats
            .map((k) => {
              const x = o.categories[k];
              return `<td class="n">${x ? `${x.per1000.toFixed(1)} <span class="q">(${x.quoted})</span>` : ''}</td>`;
            })
            .join('')}<td>${esc(
            Object.values(o.categories)
              .flatMap((x) => Object.entries(x.terms).map(([t, n]) => `${t} ×${n}`))
              .join(', '),
          )}</td></tr>`,
      )
      .join('')}</tbody></table></section>`,
  );
  sec.push(
    `<section><h2>Sources</h2><ol class="sources">${b.sources.map((s) => `<li id="src-${esc(s.id)}"><b>${esc(outletName(s.outlet))}</b>, ${esc(day(s.published))}: ${esc(s.title ?? s.source)} <span class="id">${esc(s.externalId ?? s.id)}</span>${s.url ? ` <span class="url">${esc(s.url)}</span>` : ''}</li>`).join('')}</ol></section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(b.story.label)} — sitrep briefing</title>
<style>
:root { --ink: #1d232b; --muted: #5d6773; --rule: #d8dde3; --accent: #1f5f99; --warn: #a4470c; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 62rem; padding: 2rem 1.5rem 4rem; font: 16px/1.55 Georgia, "Times New Roman", serif; color: var(--ink); background: #fff; }
header { border-bottom: 3px solid var(--ink); margin-bottom: 1.5rem; padding-bottom: .75rem; }
header .kicker { font: 600 .8rem/1.2 system-ui, sans-serif; letter-spacing: .08em; text-transform: uppercase; color: var(--accent); }
h1 { font-size: 1.9rem; line-height: 1.2; margin: .3rem 0; }
header p { margin: 0; color: var(--muted); font-family: system-ui, sans-serif; font-size: .9rem; }
h2 { font: 700 1.05rem/1.3 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .05em; border-bottom: 1px solid var(--rule); padding-bottom: .3rem; margin-top: 2.2rem; }
h3 { font: 600 1rem/1.3 system-ui, sans-serif; margin: 1.2rem 0 .4rem; }
.summary li, .timeline li, .quotes li { margin: .45rem 0; }
a.cite { font: .72rem/1 system-ui, sans-serif; color: var(--accent); text-decoration: none; white-space: nowrap; border: 1px solid #c9d9ea; border-radius: 3px; padding: 1px 4px; vertical-align: 1px; }
q { quotes: "“" "”"; }
.kind { font: .7rem/1 system-ui, sans-serif; text-transform: uppercase; color: var(--muted); border: 1px solid var(--rule); border-radius: 3px; padding: 1px 3px; }
table { border-collapse: collapse; width: 100%; font: .88rem/1.4 system-ui, sans-serif; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--rule); }
th { color: var(--muted); font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.verdict.differ { color: var(--warn); font-weight: 600; }
.verdict.incomparable { color: var(--muted); font-weight: 600; }
.reason { font-weight: 400; color: var(--muted); font-size: .8rem; }
.q, .note, .also, .id, .url { color: var(--muted); }
.note { font: .85rem/1.4 system-ui, sans-serif; }
time { font: 600 .85rem/1 system-ui, sans-serif; margin-right: .4rem; }
.sources li { font: .85rem/1.4 system-ui, sans-serif; margin: .3rem 0; }
.sources li:target { background: #fff6d6; }
footer { margin-top: 3rem; color: var(--muted); font: .8rem/1.4 system-ui, sans-serif; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a.cite { border: none; padding: 0; }
  section { break-inside: avoid-page; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
}
</style></head>
<body>
<header><div class="kicker">sitrep briefing · story ${b.story.id}</div><h1>${esc(b.story.label)}</h1><p>${b.story.articleCount} articles from ${esc(b.story.outlets.join(', ') || 'unknown outlets')}, ${esc(day(b.story.first))} – ${esc(day(b.story.last))}. Every statement links to its source: outlet, date, paragraph; hover for the exact character span.</p></header>
${sec.join('\n')}
<footer>Made by sitrep from the stored articles; nothing here is written by a model: every sentence is quoted from a source.</footer>
</body></html>
`;
}
