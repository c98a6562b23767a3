import { describe, expect, it } from 'vitest';
import { displayName } from './names.js';

describe('displayName', () => {
  it.each([
    ['多福巷社区居委会', '多福巷社区'],
    ['花园社区居民委员会', '花园社区'],
    ['第一居委会', '第一社区'],
    ['张庄村村民委员会', '张庄村'],
    ['张庄村民委员会', '张庄村'],
    ['李家村委会', '李家村'],
    ['庆城社区', '庆城社区'],
    ['  庆城社区 ', '庆城社区'],
  ])('turns the community name %s into %s', (official, shown) => {
    expect(displayName(official, 'community')).toBe(shown);
  });

  it('leaves names above community level alone', () => {
    expect(displayName('鼓东街道', 'street')).toBe('鼓东街道');
    expect(displayName('某某居委会', 'street')).toBe('某某居委会');
  });
});
