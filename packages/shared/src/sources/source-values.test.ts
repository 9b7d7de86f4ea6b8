import { toSourceValue } from './source-values';

describe('toSourceValue', () => {
  it('turns a bigint into a number while it is a safe integer, else into its decimal string', () => {
    expect(toSourceValue(2n ** 53n - 1n)).toBe(9007199254740991);
    expect(toSourceValue(-(2n ** 53n - 1n))).toBe(-9007199254740991);
    expect(toSourceValue(2n ** 53n)).toBe('9007199254740992');
    expect(toSourceValue(-(2n ** 63n))).toBe('-9223372036854775808');
  });

  it('turns dates into ISO 8601 strings, and an invalid date into null', () => {
    expect(toSourceValue(new Date(Date.UTC(2014, 1, 3, 4, 5, 6, 7)))).toBe('2014-02-03T04:05:06.007Z');
    expect(toSourceValue(new Date(Number.NaN))).toBeNull();
  });

  it('turns bytes into their UTF-8 text, invalid UTF-8 as U+FFFD and NUL dropped', () => {
    expect(toSourceValue(Buffer.from('five stars'))).toBe('five stars');
    expect(toSourceValue(new Uint8Array([0x63, 0x00, 0xc3, 0xa9, 0xff]))).toBe('c\u00e9\uFFFD');
    const view = new Uint8Array(Buffer.from('xxokxx')).subarray(2, 4);
    expect(toSourceValue(view)).toBe('ok');
  });

  it('turns what JSON cannot hold into null', () => {
    expect([undefined, Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol('s')].map(toSourceValue)).toEqual([null, null, null, null, null]);
  });

  it('walks lists and structs, dropping NUL from keys and strings, keeping a "__proto__" key as a key', () => {
    const value = JSON.parse('{"a\\u0000b":[1, {"at": 0}], "__proto__": {"polluted": true}}');
    value['a\u0000b'][0] = 7n;
    value['a\u0000b'][1].at = new Date(0);
    const normalised = toSourceValue(value) as Record<string, unknown>;
    expect(normalised).toEqual({ ab: [7, { at: '1970-01-01T00:00:00.000Z' }], ['__proto__']: { polluted: true } });
    expect(Object.keys(normalised)).toEqual(['ab', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(toSourceValue(new Float32Array([1.5, 2]))).toEqual([1.5, 2]);
  });
});
