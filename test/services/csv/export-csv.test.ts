import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type CsvCell, toCsv } from '../../../services/csv/export-csv';

describe('toCsv', () => {
  it('writes RFC 4180 CSV with CRLF line breaks and quotes only where needed', () => {
    expect(toCsv(['Email', 'Status'], [['ana@contoso.com', 'Synced']])).toBe(
      'Email,Status\r\nana@contoso.com,Synced\r\n',
    );
    expect(toCsv(['a'], [['x,y'], ['say "hi"'], ['two\nlines'], [' padded ']])).toBe(
      'a\r\n"x,y"\r\n"say ""hi"""\r\n"two\nlines"\r\n" padded "\r\n',
    );
  });

  it('writes numbers and booleans as they are, and null or undefined as empty cells', () => {
    expect(toCsv(['n', 'b', 'x', 'y'], [[-12.5, false, null, undefined]])).toBe(
      'n,b,x,y\r\n-12.5,false,,\r\n',
    );
  });

  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
  ])('neutralises a cell a spreadsheet would run as a formula: %j', (value, stored) => {
    const csv = toCsv(['Error'], [[value]]);
    expect(parse(csv)).toEqual([['Error'], [stored]]);
  });

  it('neutralises header cells too, and leaves harmless text alone', () => {
    expect(toCsv(['=cmd', 'name'], [['a-b', 'x=1']])).toBe("'=cmd,name\r\na-b,x=1\r\n");
  });

  it('round-trips through csv-parse', () => {
    const header = ['Email', 'Error', 'Items', 'Done', 'Note'];
    const rows: CsvCell[][] = [
      ['ana@contoso.com', 'Mailbox "ana" is locked, retry later', 120, true, null],
      ['zoë@contoso.com', 'first line\r\nsecond line', 0, false, 'Ünïcödé, with commas'],
      ['ben@contoso.com', '=1+1', -3, false, '@mention'],
    ];
    expect(parse(toCsv(header, rows))).toEqual([
      header,
      ['ana@contoso.com', 'Mailbox "ana" is locked, retry later', '120', 'true', ''],
      ['zoë@contoso.com', 'first line\r\nsecond line', '0', 'false', 'Ünïcödé, with commas'],
      ['ben@contoso.com', "'=1+1", '-3', 'false', "'@mention"],
    ]);
  });
});
