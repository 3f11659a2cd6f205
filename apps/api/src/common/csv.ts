import { StreamableFile } from '@nestjs/common';
import { pipeline, Transform, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/** Bytes gathered before a write to the socket: csv-stringify emits a chunk per row, and a write per row costs more than the row. */
const CHUNK_BYTES = 64 * 1024;

/** Whether the client asked for CSV (`Accept: text/csv`) rather than the JSON page. */
export function wantsCsv(accept: string | undefined): boolean {
  return /\btext\/csv\b/i.test(accept ?? '');
}

/** Joins the lines into chunks of about CHUNK_BYTES (the last one shorter); back-pressure still reaches the source. */
function inChunks(): Transform {
  let lines: string[] = [];
  let size = 0;
  return new Transform({
    decodeStrings: false,
    transform(line: Buffer | string, _encoding, done) {
      const text = line.toString();
      lines.push(text);
      size += text.length;
      if (size < CHUNK_BYTES) return done();
      const chunk = lines.join('');
      lines = [];
      size = 0;
      done(null, chunk);
    },
    flush(done) {
      done(null, lines.length ? lines.join('') : null);
    },
  });
}

/**
 * Streams database rows as CSV: a header line, then one line per row, every
 * matching row (no page limit). csv-stringify quotes what needs quoting; the
 * reader's pace flows back to the database cursor through the pipe.
 */
export function csvFile(rows: Readable, columns: { key: string; header: string }[], filename: string): StreamableFile {
  const csv = stringify({ header: true, columns });
  const chunks = inChunks();
  // pipeline tears down every stage when one fails or the client hangs up, releasing the cursor's connection.
  pipeline(rows, csv, chunks, () => undefined);
  return new StreamableFile(chunks, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
}
