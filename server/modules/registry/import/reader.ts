import fs from 'node:fs';
import { Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../../../core/errors.js';
import { notSpreadsheet, type FileKind } from './sniff.js';

export type SheetRow = { row: number; values: string[] };

/** Decodes UTF-8, or GB18030 (what Excel on Chinese Windows saves CSV as) when the bytes are not UTF-8. */
function decoder(): Transform {
  let td: TextDecoder | null = null;
  let sniffed = Buffer.alloc(0);
  const pick = (buf: Buffer) => {
    try {
      // streaming: a character cut at the end of the sample is not an error
      new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: true });
      return new TextDecoder('utf-8');
    } catch {
      return new TextDecoder('gb18030');
    }
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!td) {
        sniffed = Buffer.concat([sniffed, chunk]);
        if (sniffed.length < 65536) return done();
        td = pick(sniffed);
        chunk = sniffed;
      }
      done(null, td.decode(chunk, { stream: true }));
    },
    flush(done) {
      if (!td) {
        td = pick(sniffed);
        this.push(td.decode(sniffed, { stream: true }));
      }
      done(null, td.decode());
    },
  });
}

async function* csvRows(file: string): AsyncGenerator<SheetRow> {
  const parser = fs
    .createReadStream(file)
    .pipe(decoder())
    .pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, info: true, skip_empty_lines: true }));
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { row: rec.info.lines, values: rec.record };
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    // an 18-digit ID typed into a number cell has already lost its last digits: say so
    if (Math.abs(v) >= 1e15) return `#NUMBER:${v}`;
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
  return '';
}

async function* xlsxRows(file: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      if (sheets++ > 0) break; // the first sheet holds the data; 填写说明 and others are ignored
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (values.some((x) => x.trim() !== '')) yield { row: row.number, values };
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('validation', {
      zh: '无法读取该 XLSX 文件（文件损坏或不是 Excel 表格）',
      en: 'Cannot read this XLSX file (damaged, or not a spreadsheet)',
    });
  }
  if (sheets === 0) throw notSpreadsheet();
}

/** The rows of the first sheet (XLSX) or of the CSV file, with their row numbers as Excel shows them. */
export function readRows(file: string, kind: FileKind): AsyncGenerator<SheetRow> {
  return kind === 'xlsx' ? xlsxRows(file) : csvRows(file);
}
