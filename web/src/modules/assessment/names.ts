import type { AutoSource } from '../../../../contracts/assessment.js';

export const SOURCE_NAMES: Record<AutoSource, string> = {
  'cases.closure': '案件结案率（系统）',
  'visits.within_interval': '按期走访到位率（系统）',
  'party.dual_registered': '在职党员双报到人数（系统）',
  'volunteering.hours': '志愿服务时长（系统）',
};
export const QUARTERS = [1, 2, 3, 4].map((q) => ({ value: q, label: `第${['一', '二', '三', '四'][q - 1]}季度` }));
