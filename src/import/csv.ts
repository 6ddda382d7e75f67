// A small RFC 4180 CSV reader: quoted fields, doubled quotes, commas and newlines inside quotes, CRLF or LF.
import { InputError } from '../core/validate/errors';

export interface CsvTable {
  header: string[];
  /** Rows as arrays aligned with the header; `line` is the 1-based line where the row starts. */
  rows: { cells: string[]; line: number }[];
}

/** Parses CSV text; a malformed text is an InputError at "<name>:<line>". */
export function parseCsv(text: string, name = 'input.csv'): CsvTable {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endField = () => {
    cells.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(cells.length === 1 && cells[0] === '')) records.push({ cells, line: recordLine });
    cells = [];
    recordLine = line;
  };
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' && src[i + 1] === '\n') {
      line++;
      i += 2;
      endRecord();
    } else if (c === '\n') {
      line++;
      i++;
      endRecord();
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new InputError([{ path: `${name}:${recordLine}`, message: 'a quoted field is not closed' }]);
  if (field !== '' || cells.length > 0) endRecord();
  if (records.length === 0) throw new InputError([{ path: `${name}:1`, message: 'no header row' }]);
  const [head, ...rows] = records;
  return { header: head.cells.map((h) => h.trim()), rows };
}
