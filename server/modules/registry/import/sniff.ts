import fs from 'node:fs';
import { AppError } from '../../../core/errors.js';

export type FileKind = 'xlsx' | 'csv';

export const notSpreadsheet = () =>
  new AppError('validation', {
    zh: '文件不是 XLSX 或 CSV 表格，请使用下载的模板填写后上传',
    en: 'The file is not an XLSX or CSV spreadsheet: fill in the downloaded template',
  });

/** XLSX by its ZIP signature; CSV when the start is text; anything else is refused. */
export async function sniffKind(file: string): Promise<FileKind> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fd.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytesRead === 0) throw new AppError('validation', { zh: '文件是空的', en: 'The file is empty' });
    if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
    if (bytes.includes(0)) throw notSpreadsheet();
    return 'csv';
  } finally {
    await fd.close();
  }
}
