import { MAX_JSON_DEPTH, inputFault } from './input.rules';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = level % 2 ? { a: value } : [value];
  return value;
};

describe('inputFault', () => {
  it('accepts plain values, and JSON exactly MAX_JSON_DEPTH levels deep', () => {
    expect(inputFault({ name: 'Acme', tags: ['a', 'b'], n: 1, ok: true, none: null }, 'body')).toBeNull();
    expect(inputFault(nested(MAX_JSON_DEPTH), 'body')).toBeNull();
  });

  it('refuses one level more, naming the part', () => {
    expect(inputFault(nested(MAX_JSON_DEPTH + 1), 'body')).toEqual({
      field: 'body',
      message: `body is nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
  });

  it('refuses 5,000 levels without exhausting the stack', () => {
    expect(inputFault(JSON.parse('['.repeat(5000) + ']'.repeat(5000)), 'body')?.field).toBe('body');
  });

  it.each([
    ['0000', '\u0000'],
    ['0009', '\u0009'],
    ['000A', '\u000a'],
    ['001F', '\u001f'],
    ['007F', '\u007f'],
  ])('refuses U+%s, naming the field', (_code, character) => {
    expect(inputFault({ reports: [{ source: `a${character}b` }] }, 'body')).toEqual({
      field: 'reports.0.source',
      message: 'reports.0.source must not contain control characters',
    });
    expect(inputFault({ from: character }, 'query')?.field).toBe('from');
  });

  it('accepts other characters, non-Latin ones included', () => {
    expect(inputFault({ name: 'Ünïcødé 推送 \u0080 \u00a0 😀' }, 'body')).toBeNull();
  });

  it('refuses a control character in a field name', () => {
    expect(inputFault({ 'na\u0000me': 'x' }, 'body')?.field).toBe('body');
  });

  it('checks only the depth when asked to', () => {
    expect(inputFault({ s: '\u0000' }, 'body', { checkStrings: false })).toBeNull();
    expect(inputFault(nested(40), 'body', { checkStrings: false })?.field).toBe('body');
  });
});
