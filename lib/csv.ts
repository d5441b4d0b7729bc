// CSV for spreadsheets (RFC 4180): fields separated by commas, records by CRLF, a field that
// holds a quote, comma, CR or LF wrapped in quotes with its quotes doubled. The file starts
// with a UTF-8 byte order mark so Excel reads it as UTF-8. A text cell that a spreadsheet
// would run as a formula (starting with = + - @, a tab or a CR) gets a leading apostrophe,
// which spreadsheets show as text (OWASP "CSV injection").

export const UTF8_BOM = "\uFEFF";

export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: formula-neutralised, then quoted if needed. Dates as ISO 8601, null as empty. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/**
 * A UTF-8 CSV stream: the BOM and the header row, then the rows of each batch `next` returns,
 * pulled one batch at a time as the reader asks (a slow client holds back the database
 * reads); `next` returns null when there are no more rows.
 */
export function csvStream(
  header: readonly string[],
  next: () => Promise<readonly (readonly CsvValue[])[] | null>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + csvRow(header)));
    },
    // Each pull must enqueue or close: the stream does not pull again after an empty one.
    async pull(controller) {
      for (;;) {
        const rows = await next();
        if (rows === null) return controller.close();
        if (rows.length) return controller.enqueue(encoder.encode(rows.map(csvRow).join("")));
      }
    },
  });
}
