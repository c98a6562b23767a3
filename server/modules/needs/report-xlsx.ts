import ExcelJS from 'exceljs';
import { needCategories, ownerKindNames, type NeedCategory } from '../../../contracts/needs.js';
import type { yearReportOf } from './report.js';

/** The year's report as a workbook of two sheets: by category, and by provider with the cost. */
export async function reportWorkbook(community: string, r: Awaited<ReturnType<typeof yearReportOf>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const cats = wb.addWorksheet('按类别');
  cats.addRow([`${community} ${r.year} 年需求对接报告`]);
  cats.addRow(['类别', '提出需求', '已满足']);
  for (const c of r.byCategory)
    cats.addRow([needCategories[c.category as NeedCategory]?.zh ?? c.category, c.raised, c.met]);
  cats.addRow(['合计', r.totals.raised, r.totals.met]);
  const who = wb.addWorksheet('按提供方');
  who.addRow(['提供方', '类型', '项目数', '满足需求', '服务量', '费用（元）']);
  for (const p of r.byProvider)
    who.addRow([
      p.provider,
      ownerKindNames[p.kind as keyof typeof ownerKindNames]?.zh ?? p.kind,
      p.projects,
      p.needsMet,
      p.delivered,
      p.costYuan,
    ]);
  who.addRow(['合计', '', '', '', '', r.totals.costYuan]);
  for (const ws of [cats, who]) ws.columns.forEach((c) => (c.width = 16));
  who.getColumn(1).width = 28;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
