import { runPipeline } from '../dist/pipeline.js';
import { storyFeatures } from '../dist/stories/features.js';
import { StoryClusterer } from '../dist/stories/cluster.js';
const args = JSON.parse(process.argv[2] ?? '{}');
for (const [name, inputs, meta] of [['seeds', ['../shared/corpus/seeds'], '../shared/corpus/seeds/meta.jsonl'], ['sample', ['fixtures/sample-corpus'], undefined]]) {
  const arts = [];
  for await (const it of runPipeline(inputs, meta ? { meta } : {})) if (it.ok) arts.push(it.article);
  arts.sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  const c = new StoryClusterer(args.c ?? {});
  const asg = arts.map((a) => c.assign(storyFeatures(a, { titleWeight: 3, entityWeight: 0, bodyChars: 4000, ...(args.f ?? {}) })));
  console.log('==', name);
  for (const a of asg) { const art = arts.find((x) => x.id === a.article); console.log(' story', c.resolve(a.story), 'event', a.event, a.score.toFixed(3), art.published, (art.title ?? art.source).slice(0, 70)); }
}
