import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modelWindow } from './model-window';

describe('modelWindow', () => {
  const directory = (files: Record<string, string> = {}) => {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), 'review-search-window-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(made, name), text);
    return made;
  };

  it("takes the registry's window first, then sentence_bert_config.json's, then the tokenizer's", () => {
    const sentenceBert = directory({ 'sentence_bert_config.json': '{"max_seq_length": 256, "do_lower_case": false}' });
    expect(modelWindow({ registryTokens: 128, directory: sentenceBert, tokenizerLimit: 512 })).toBe(128);
    expect(modelWindow({ directory: sentenceBert, tokenizerLimit: 512 })).toBe(256);
    expect(modelWindow({ directory: directory(), tokenizerLimit: 512 })).toBe(512);
    expect(modelWindow({ tokenizerLimit: 512 })).toBe(512);
  });

  it("never goes past the tokenizer's own limit", () => {
    expect(modelWindow({ registryTokens: 8191, tokenizerLimit: 512 })).toBe(512);
    expect(modelWindow({ directory: directory({ 'sentence_bert_config.json': '{"max_seq_length": 1024}' }), tokenizerLimit: 512 })).toBe(512);
  });

  it('names a sentence_bert_config.json it cannot use', () => {
    expect(() => modelWindow({ directory: directory({ 'sentence_bert_config.json': '{"max_seq_length": "long"}' }), tokenizerLimit: 512 })).toThrow(
      /sentence_bert_config\.json: max_seq_length must be an integer/,
    );
    expect(() => modelWindow({ directory: directory({ 'sentence_bert_config.json': '{' }), tokenizerLimit: 512 })).toThrow(/sentence_bert_config\.json cannot be read/);
  });
});
