import { CSV_HEADER } from './fixtures';

/** The query the duplicates answer best. */
export const QUERY = 'strings that stay in tune';

/** One review told five times (case, spaces and punctuation apart; one reworded), and fourteen distinct ones. */
export const SAME = [
  'Great strings, they stay in tune for weeks.',
  'great strings they stay in tune for weeks',
  'GREAT STRINGS!!! They stay in tune... for weeks',
  'Great   strings,  they stay in tune for weeks .',
];
export const REWORDED = 'Great strings, they stay in tune for many weeks.';
export const DISTINCT = [
  'These strings went dead after two days and kept slipping out of pitch.',
  'The tuner is accurate and the clip holds firmly on the headstock.',
  'Nice capo, the spring is strong and it does not buzz.',
  'The cable crackles whenever I move it; returned it.',
  'Picks are too thin for my taste but the grip is good.',
  'This strap is comfortable for long gigs and the leather feels sturdy.',
  'The pedal adds a warm overdrive without much noise.',
  'Bright sounding strings with a smooth feel under the fingers.',
  'I change strings every month; these hold their tuning better than most.',
  'The stand folds flat and fits in my gig bag.',
  'Coated strings that last long and sound clear.',
  'Nylon strings for classical guitar, they take a week to settle.',
  'Good value pack of strings, nothing special.',
  'The microphone picks up too much room noise.',
];

export function duplicatesCsv(): string {
  const texts = [...SAME, REWORDED, ...DISTINCT];
  const rows = texts.map((text, i) => `R${i},B${100 + i},Player ${i},"[0, 0]","${text.replace(/"/g, '""')}",5.0,Title ${i},1393545600,"02 28, 2014"`);
  return [CSV_HEADER, ...rows].join('\r\n') + '\r\n';
}
