import { z } from 'zod';
import { DIVERSITY_CANDIDATES, FOLD_CANDIDATES, FOLD_DEPTH } from './ranked-page';
import { DUPLICATE_COSINE } from './collapse';

const diversityText =
  '0 to 1: how much to favour reviews unlike those already listed over closeness to the query (maximal marginal ' +
  `relevance over the ${DIVERSITY_CANDIDATES} best candidates, by dense vectors). 0, the default, ranks by relevance alone.`;
const collapseText =
  'Fold near-identical reviews (the same text but for case, whitespace and punctuation, or embeddings at least ' +
  `${DUPLICATE_COSINE} similar) into the best-ranked one, which lists them in \`duplicates\`. Default: true. Looks at up to ` +
  `${FOLD_CANDIDATES} ranked reviews; a page ending past rank ${FOLD_DEPTH} is not folded (\`collapsed: false\`).`;

/** `diversity` and `collapse` in a JSON body. */
export const pageFields = {
  diversity: z.number().min(0).max(1).default(0).describe(diversityText),
  collapse: z.boolean().default(true).describe(collapseText),
};

/** `diversity` and `collapse` as query-string values (`?diversity=0.5&collapse=false`). */
export const pageQueryFields = {
  diversity: z.coerce.number().min(0).max(1).default(0).describe(diversityText),
  collapse: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .describe(collapseText),
};
