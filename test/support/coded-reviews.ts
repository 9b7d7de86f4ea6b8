import { CSV_HEADER, writeTempFile } from './fixtures';

/** A made-up product code of letters only (one rare word): code(0) = 'vorbatex', code(1) = 'vorcatex', ... */
export function productCode(n: number): string {
  const a = String.fromCharCode(97 + (n % 26));
  const b = String.fromCharCode(97 + (Math.floor(n / 26) % 26));
  return `vor${b}${a}tex`;
}

const BODIES = [
  'This strap is comfortable and sturdy, I wear it for hours on stage.',
  'A comfortable strap that holds the guitar well, sturdy stitching.',
  'Sturdy and comfortable strap, holds my bass without slipping.',
];

/**
 * Reviews whose titles share a rare word (a product code) with their own text
 * and nothing else that sets them apart: every text says the same thing, so a
 * title finds its review by its words (sparse), hardly by its meaning (dense).
 * With `decoys`, each code also appears, repeated, in that many short reviews
 * with two-word titles (never queries), which crowd out the right review.
 */
export function writeCodedReviews(count: number, decoys = 0): string {
  const rows = [CSV_HEADER];
  for (let n = 0; n < count; n += 1) {
    const code = productCode(n);
    rows.push(`C${n},P${n},Buyer,"[0, 0]","${BODIES[n % BODIES.length]} Model ${code}.",5.0,${code} strap review,1393545600,"02 28, 2014"`);
    for (let j = 0; j < decoys; j += 1) {
      rows.push(`D${n}x${j},P${n},Other,"[0, 0]","${code} ${code} ${code} strap review",4.0,Five Stars,1393545600,"02 28, 2014"`);
    }
  }
  return writeTempFile(`coded-${count}-${decoys}.csv`, `${rows.join('\r\n')}\r\n`);
}
