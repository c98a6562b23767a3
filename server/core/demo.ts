/** 鼓东街道, 鼓楼区, 福州市: the real street of the 庆城社区 "334" model (seeds/000). */
export const DEMO_STREET = '350102001';
/** 庆城社区, where the demo's community accounts work. */
export const DEMO_COMMUNITY = '350102001002';
/** 庆城社区第1网格, the demo's grid staff's grid. */
export const DEMO_GRID = '350102001002001';
/** The demo resident's phone (their account signs in with it; the registry lists them at home). */
export const DEMO_RESIDENT_PHONE = '13800000001';
