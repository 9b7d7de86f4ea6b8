import { CSV_HEADER, writeTempFile } from './fixtures';

const SUBJECTS = ['These strings', 'This cable', 'The tuner', 'This capo', 'The pedal', 'These picks', 'The strap', 'This stand'];
const VERDICTS = [
  'stay in tune for weeks and sound bright',
  'hums and crackles at any volume, so I returned it',
  'does exactly what it should for the price',
  'broke after two days of light use',
  'feel great under the fingers and last long',
  'are cheap but get the job done on stage',
];

/**
 * A reviews CSV of `count` made-up reviews (distinct texts, ratings 1-5, two
 * products), written to a temporary file: a small collection the tests own,
 * with no corpus data in it.
 */
export function writeSyntheticReviews(count: number): { file: string; count: number } {
  const rows = Array.from({ length: count }, (_, i) => {
    const text = `${SUBJECTS[i % SUBJECTS.length]} ${VERDICTS[i % VERDICTS.length]} (review ${i + 1}).`;
    const rating = (i % 5) + 1;
    return `R${i + 1},B00${i % 2},Player ${i + 1},"[0, 0]","${text}",${rating}.0,Summary ${i + 1},1393545600,"02 28, 2014"`;
  });
  return { file: writeTempFile('synthetic-reviews.csv', [CSV_HEADER, ...rows].join('\n') + '\n'), count };
}
