/** 鼓东街道, 鼓楼区, 福州市: the real street of the 庆城社区 "334" model (seeds/000). */
export const DEMO_STREET = '350102001';
