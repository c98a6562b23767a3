import fs from 'node:fs';
import { AppError } from '../../../core/errors.js';

export type FileKind = 'xlsx' | 'csv';

const damagedXlsx = () =>
  new AppError('validation', {
    zh: '无法读取该 XLSX 文件（文件损坏或不是 Excel 表格）',
    en: 'Cannot read this XLSX file (damaged, or not a spreadsheet)',
  });

export const notSpreadsheet = () =>
  new AppError('validation', {
    zh: '文件不是 XLSX 或 CSV 表格，请使用下载的模板填写后上传',
    en: 'The file is not an XLSX or CSV spreadsheet: fill in the downloaded template',
  });

/** XLSX by its ZIP signature (refused when it would unpack to an abnormal size); CSV when the start is text; anything else is refused. */
export async function sniffKind(file: string): Promise<FileKind> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fd.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytesRead === 0) throw new AppError('validation', { zh: '文件是空的', en: 'The file is empty' });
    if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
      await checkXlsxSize(file);
      return 'xlsx';
    }
    if (bytes.includes(0)) throw notSpreadsheet();
    return 'csv';
  } finally {
    await fd.close();
  }
}

/** Limits on what an XLSX may unpack to: beyond them it is a "zip bomb", not a household list. */
export const XLSX_LIMITS = {
  /** All parts together, unpacked. */
  totalBytes: 1024 * 1024 * 1024,
  /** The shared-strings table, which the reader keeps in memory. */
  sharedStringsBytes: 256 * 1024 * 1024,
  /** Unpacked to packed, for any part of more than 1 MB. */
  ratio: 200,
};

type ZipEntry = { name: string; packed: number; unpacked: number };

/**
 * The entries of a ZIP file from its central directory (names and sizes), read without
 * unpacking anything. ZIP64 sizes (0xFFFFFFFF) are reported as infinite.
 */
export async function zipEntries(file: string): Promise<ZipEntry[]> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const { size } = await fd.stat();
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await fd.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw damagedXlsx();
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset + dirSize > size || dirSize > 64 * 1024 * 1024) throw damagedXlsx();
    const dir = Buffer.alloc(dirSize);
    await fd.read(dir, 0, dirSize, dirOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let i = 0; i < count && p + 46 <= dir.length; i++) {
      if (dir.readUInt32LE(p) !== 0x02014b50) throw damagedXlsx();
      const packed = dir.readUInt32LE(p + 20);
      const unpacked = dir.readUInt32LE(p + 24);
      const nameLength = dir.readUInt16LE(p + 28);
      const extra = dir.readUInt16LE(p + 30);
      const comment = dir.readUInt16LE(p + 32);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
      const zip64 = packed === 0xffffffff || unpacked === 0xffffffff;
      entries.push({ name, packed: zip64 ? Infinity : packed, unpacked: zip64 ? Infinity : unpacked });
      p += 46 + nameLength + extra + comment;
    }
    return entries;
  } finally {
    await fd.close();
  }
}

/** Refuses an XLSX that would unpack to far more than a household list ever holds. */
export async function checkXlsxSize(file: string): Promise<void> {
  const entries = await zipEntries(file);
  const total = entries.reduce((s, e) => s + e.unpacked, 0);
  const strings = entries.find((e) => e.name === 'xl/sharedStrings.xml')?.unpacked ?? 0;
  const bomb = entries.some((e) => e.unpacked > 1024 * 1024 && e.unpacked > XLSX_LIMITS.ratio * Math.max(e.packed, 1));
  if (total > XLSX_LIMITS.totalBytes || strings > XLSX_LIMITS.sharedStringsBytes || bomb) {
    throw new AppError('validation', {
      zh: '该 XLSX 文件解压后异常巨大（可能是压缩炸弹或含超大单元格），已拒绝。请用下载的模板重新填写，或另存为 CSV 后导入',
      en: 'This XLSX unpacks to an abnormal size (a zip bomb or a huge cell): refused. Fill in the template again, or save as CSV',
    });
  }
}
