import { GiftOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 微积分 (module `volunteering`): the points store and ledger in the console; my points and the store on the phone. */
export const webModule: WebModule = {
  name: 'volunteering',
  pages: [{ path: '/points', element: lazyPage(() => import('./PointsPage.js'), 'PointsPage') }],
  menu: [
    {
      key: 'points',
      icon: <GiftOutlined />,
      label: ['志愿与积分', 'Volunteering and points'],
      abilities: ['volunteering.read'],
      order: 38,
    },
  ],
  publicPhonePages: [
    { path: '/verify/:certNo', element: lazyPage(() => import('./phone/PhoneVerify.js'), 'PhoneVerify') },
  ],
  phonePages: [
    { path: '/points', element: lazyPage(() => import('./phone/PhonePoints.js'), 'PhonePoints') },
    { path: '/activities', element: lazyPage(() => import('./phone/PhoneActivities.js'), 'PhoneActivities') },
    { path: '/activities/:id/code', element: lazyPage(() => import('./phone/PhoneCheckin.js'), 'PhoneCheckinCode') },
    { path: '/checkin', element: lazyPage(() => import('./phone/PhoneCheckin.js'), 'PhoneCheckin') },
  ],
  phoneEntries: [
    {
      tab: 'services',
      key: 'activities',
      group: ['邻里互助', 'Neighbours'],
      label: () => ['志愿活动', 'Volunteering'],
      to: '/m/activities',
      show: () => true,
      order: 34,
    },
    {
      tab: 'services',
      key: 'points',
      group: ['邻里互助', 'Neighbours'],
      label: () => ['我的积分', 'My points'],
      to: '/m/points',
      show: () => true,
      order: 33,
    },
  ],
  actionNames: {
    'volunteering.read': ['查看积分与兑换', 'Read points and redemptions'],
    'volunteering.manage': [
      '管理积分超市、奖励与冲正积分、确认领取',
      'Keep the store, award and correct points, hand goods over',
    ],
    'volunteering.redeem': ['积分兑换', 'Redeem points'],
    'volunteering.join': ['报名志愿活动、扫码签到签退', 'Sign up for activities, check in and out'],
  },
};
