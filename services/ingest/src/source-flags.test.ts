import { mappingFlags } from './source-flags';

describe('mappingFlags', () => {
  it('reads lists, single columns, none, the format and a tab delimiter', () => {
    expect(mappingFlags({ text: 'subject, message', title: 'subject', rating: 'none', id: 'ticket_id', format: 'jsonl', delimiter: 'tab' })).toEqual({
      mapping: { text: ['subject', 'message'], title: 'subject', rating: null, id: ['ticket_id'] },
      format: 'jsonl',
      delimiter: '\t',
    });
    expect(mappingFlags({})).toEqual({});
  });

  it('says what is wrong with a flag', () => {
    expect(mappingFlags({ text: ' , ' })).toEqual({ problem: '--text: must name at least one column' });
    expect(mappingFlags({ format: 'xlsx' })).toEqual({ problem: '--format must be one of csv, jsonl, parquet' });
    expect(mappingFlags({ delimiter: ';;' })).toEqual({ problem: '--delimiter must be one of , ; | tab' });
  });
});
