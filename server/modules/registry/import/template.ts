import ExcelJS from 'exceljs';
import { COLUMNS } from './columns.js';

/**
 * The household import template: one sheet with the Chinese headers (ID and phone columns
 * formatted as text, so Excel keeps every digit) and a second sheet explaining each column.
 */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  const ws = wb.addWorksheet('居民信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'idNumber' ? 22 : c.key === 'tags' ? 28 : 14,
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  COLUMNS.forEach((c, i) => {
    if (c.required) ws.getRow(1).getCell(i + 1).font = { bold: true, color: { argb: 'FFC8102E' } };
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'header', width: 16 },
    { header: '必填', key: 'required', width: 8 },
    { header: '说明', key: 'note', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of COLUMNS) help.addRow({ header: c.header, required: c.required ? '是' : '', note: c.note });
  help.addRow({});
  help.addRow({ header: '提示', note: '每行一位居民；同一房屋的多位家庭成员各占一行，房屋信息重复填写。' });
  help.addRow({ note: '导入时默认“全部正确才导入”：有任何错误的行则不写入任何数据，并给出错误报告。' });
  help.addRow({ note: '重复导入同一文件不会产生重复数据（按身份证号、楼栋、房号识别）。' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The CSV form of the template: the header row, UTF-8 with BOM so Excel opens it correctly. */
export function templateCsv(): string {
  return `\uFEFF${COLUMNS.map((c) => c.header).join(',')}\r\n`;
}
