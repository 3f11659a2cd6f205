import { StreamableFile } from '@nestjs/common';
import { pipeline, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/** Whether the client asked for CSV (`Accept: text/csv`) rather than the JSON page. */
export function wantsCsv(accept: string | undefined): boolean {
  return /\btext\/csv\b/i.test(accept ?? '');
}

/**
 * Streams database rows as CSV: a header line, then one line per row, every
 * matching row (no page limit). csv-stringify quotes what needs quoting; the
 * reader's pace flows back to the database cursor through the pipe.
 */
export function csvFile(rows: Readable, columns: { key: string; header: string }[], filename: string): StreamableFile {
  const csv = stringify({ header: true, columns });
  // pipeline tears down both sides when either fails or the client hangs up, releasing the cursor's connection.
  pipeline(rows, csv, () => undefined);
  return new StreamableFile(csv, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
}
