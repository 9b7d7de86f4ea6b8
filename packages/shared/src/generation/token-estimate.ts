/** Tokens of an English text for a BPE model, estimated (about 4 characters a token) where no tokenizer is at hand. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
