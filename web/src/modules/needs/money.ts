/** Yuan as a person reads it: ¥120,000. */
export const money = (yuan: number) => `¥${yuan.toLocaleString('zh-CN')}`;
/** The colour of a purchase's state tag. */
export const PURCHASE_COLOURS = { active: 'blue', accepted: 'gold', settled: 'green' } as const;
