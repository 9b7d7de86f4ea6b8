import type { PreTrainedTokenizer, Tensor } from '@huggingface/transformers';

type TensorClass = typeof Tensor;
type EncodingKey = 'input_ids' | 'attention_mask' | 'token_type_ids';

/** A batch ready for the model: `input_ids`, `attention_mask` (and `token_type_ids` when the tokenizer makes them). */
export type WindowedBatch = Partial<Record<EncodingKey, Tensor>> & { input_ids: Tensor; attention_mask: Tensor };

/**
 * Tokenizes a batch as sentence-transformers does: a text longer than the
 * window loses the end of its own tokens, and keeps its special tokens
 * (`[CLS] t1 … t254 [SEP]` in a 256-token window); the batch is then padded to
 * its longest text. transformers.js's own truncation cuts the finished
 * sequence, dropping the closing `[SEP]` the model was trained with.
 */
export function windowEncoder(tokenizer: PreTrainedTokenizer, window: number, TensorOf: TensorClass): (texts: string[]) => WindowedBatch {
  const { before, specials } = specialTokenFrame(tokenizer);
  if (window <= specials) throw new Error(`a window of ${window} tokens leaves no room beside the tokenizer's ${specials} special tokens`);
  const after = specials - before;
  const cut = (row: number[]) => (row.length <= window ? row : [...row.slice(0, window - after), ...row.slice(row.length - after)]);
  return (texts) => {
    const encoded = tokenizer(texts, { padding: false, truncation: false, return_tensor: false }) as unknown as Partial<Record<EncodingKey, number[][]>>;
    const rows = Object.fromEntries(Object.entries(encoded).map(([key, values]) => [key, values!.map(cut)])) as Record<string, number[][]>;
    const length = Math.max(...rows.input_ids!.map((row) => row.length));
    const batch: Record<string, Tensor> = {};
    for (const [key, values] of Object.entries(rows)) {
      const padding = key === 'input_ids' ? (tokenizer.pad_token_id ?? 0) : 0;
      const padded = values.flatMap((row) => pad(row, length, padding, tokenizer.padding_side === 'left'));
      batch[key] = new TensorOf('int64', BigInt64Array.from(padded, (value) => BigInt(value)), [values.length, length]);
    }
    return batch as WindowedBatch;
  };
}

/** How many special tokens the tokenizer adds to one text, and how many of them come before it. */
function specialTokenFrame(tokenizer: PreTrainedTokenizer): { before: number; specials: number } {
  const text = tokenizer.encode('review', { add_special_tokens: false });
  const framed = tokenizer.encode('review', { add_special_tokens: true });
  const specials = framed.length - text.length;
  const before = [...Array(specials + 1).keys()].find((start) => text.every((id, i) => framed[start + i] === id));
  if (before === undefined) throw new Error('the tokenizer adds special tokens inside the text: its window cannot be kept');
  return { before, specials };
}

function pad(row: number[], length: number, value: number, left: boolean): number[] {
  const fill = new Array<number>(length - row.length).fill(value);
  return left ? [...fill, ...row] : [...row, ...fill];
}
