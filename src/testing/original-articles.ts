/** Small original news-like articles, made up from numbers, for volume tests of ingest. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACES = ['Ardel', 'Brovik', 'Castemoor', 'Dunhallow', 'Elmsgate', 'Fairlinn', 'Gorsby', 'Hollowmere'];
const BODIES = ['council', 'water board', 'school district', 'transit authority', 'port office'];
const THINGS = ['bridges', 'bus routes', 'classrooms', 'water mains', 'street lights', 'ferry berths'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** The n-th article: its own place, numbers and names, so that no two are near-duplicates. */
export function originalArticle(n: number): string {
  const place = `${PLACES[n % PLACES.length]} ${Math.floor(n / PLACES.length) + 1}`;
  const body = BODIES[n % BODIES.length];
  const things = THINGS[(n * 7) % THINGS.length];
  const day = DAYS[(n * 3) % DAYS.length];
  return [
    `${place} ${body} approves plan number ${n}`,
    '',
    `The ${body} of ${place} voted on ${day} to repair ${n + 12} ${things} before the winter of ${2000 + (n % 40)}, ` +
      `its chair, Morgan Vale ${n}, said after a meeting that lasted ${(n % 5) + 2} hours.`,
    `“We waited ${(n % 9) + 3} years for plan ${n},” said resident Ira Penn ${n}. ` +
      `The work is expected to cost about ${(n % 70) + 5}.${n % 10} million dollars, officials said, ` +
      `and crews from ${PLACES[(n + 3) % PLACES.length]} will start in ${(n % 11) + 2} weeks.`,
  ].join('\n');
}

/** Write articles [from, to) as text files into a folder. */
export function writeOriginalArticles(dir: string, from: number, to: number): void {
  for (let n = from; n < to; n++) writeFileSync(join(dir, `article-${n}.txt`), originalArticle(n));
}
