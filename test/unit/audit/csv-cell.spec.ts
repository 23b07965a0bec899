import { csvCell } from '../../../src/application/audit/export.query';

/** What a reader (scripts/verify-export.mjs) does with one quoted cell: unquote, then take one leading ' away. */
function readCell(cell: string): string {
  const unquoted = cell.slice(1, -1).replace(/""/g, '"');
  return unquoted.startsWith("'") ? unquoted.slice(1) : unquoted;
}

describe('a CSV cell of an export', () => {
  it.each(['=1+1', '+62', '-1', '@SUM(A1)', '\tTAB', '\rCR'])('puts a single quote before %j, which a spreadsheet could run', (value) => {
    expect(csvCell(value)).toBe(`"'${value}"`);
  });

  it('quotes every cell and doubles inner quotes, leaving other values as they are', () => {
    expect(csvCell('agreement-1')).toBe('"agreement-1"');
    expect(csvCell('')).toBe('""');
    expect(csvCell('a "b", c;=d\r\ne')).toBe('"a ""b"", c;=d\r\ne"');
    expect(csvCell(' =1')).toBe('" =1"');
  });

  it('quotes a value that starts with a quote too, so that the rule is undone exactly', () => {
    expect(csvCell("'=1")).toBe(`"''=1"`);
    for (const value of ["'", "''x", "'=1", '=1', 'x', '', '"=1"', '-', "\t'"]) expect(readCell(csvCell(value))).toBe(value);
  });
});
