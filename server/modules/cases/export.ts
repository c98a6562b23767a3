import { levelNames, ratingNames, sourceNames, statusNames, supervisionNames } from '../../../contracts/cases.js';
import { xlsxBuffer } from '../../core/xlsx.js';
import { caseNo, type CaseRow } from './case-row.js';

const local = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });

/** The workbench's cases as a spreadsheet, with names (not codes) in every column. */
export function casesWorkbook(rows: CaseRow[]): Promise<Buffer> {
  return xlsxBuffer<CaseRow>(
    '案件',
    [
      { header: '案件编号', width: 18, value: (r) => caseNo(r.created_at, r.id) },
      { header: '上报时间', width: 18, value: (r) => local(r.created_at) },
      { header: '来源', value: (r) => sourceNames[r.source].zh },
      { header: '类型', value: (r) => r.category_name },
      { header: '标题', width: 30, value: (r) => r.title },
      { header: '地址', width: 30, value: (r) => r.address ?? '' },
      { header: '网格', width: 20, value: (r) => r.grid_name ?? '' },
      { header: '状态', value: (r) => statusNames[r.status].zh },
      { header: '处置单位', width: 20, value: (r) => r.agency_name ?? (r.dispatched_at ? '网格自办' : '') },
      { header: '办理时限', width: 18, value: (r) => (r.handle_due_at ? local(r.handle_due_at) : '') },
      { header: '层级', value: (r) => levelNames[r.level].zh },
      { header: '督办', value: (r) => supervisionNames[r.supervision].zh },
      { header: '返工次数', value: (r) => r.reworks },
      { header: '评价', value: (r) => (r.rating ? ratingNames[r.rating].zh : '') },
    ],
    rows,
  );
}
