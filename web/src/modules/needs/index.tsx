import { HeartOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 需求对接 (module `needs`): the three lists and matching in the console; micro-wishes on the phone. */
export const webModule: WebModule = {
  name: 'needs',
  pages: [
    { path: '/needs', element: lazyPage(() => import('./NeedsPage.js'), 'NeedsPage') },
    { path: '/needs/fallback', element: lazyPage(() => import('./NeedsPage.js'), 'NeedsFallbackPage') },
  ],
  menu: [
    {
      key: 'needs',
      icon: <HeartOutlined />,
      label: ['需求对接', 'Needs and resources'],
      abilities: ['needs.read'],
      order: 37,
    },
  ],
  phonePages: [
    { path: '/wishes', element: lazyPage(() => import('./phone/PhoneWishes.js'), 'PhoneWishes') },
    { path: '/orders', element: lazyPage(() => import('./phone/PhoneOrders.js'), 'PhoneOrders') },
    { path: '/needs', element: lazyPage(() => import('./phone/PhoneNeeds.js'), 'PhoneNeeds') },
  ],
  phoneEntries: [
    {
      tab: 'community',
      key: 'wishes',
      group: ['邻里互助', 'Neighbours'],
      label: () => ['微心愿', 'Micro-wishes'],
      to: '/m/wishes',
      show: () => true,
      order: 30,
    },
    {
      tab: 'services',
      key: 'orders',
      group: ['邻里互助', 'Neighbours'],
      label: (me) =>
        me.abilities.includes('needs.take') ? ['单位领单', 'Orders for my unit'] : ['点单服务', 'Order a service'],
      to: '/m/orders',
      show: () => true,
      order: 31,
    },
    {
      tab: 'services',
      key: 'needs',
      group: ['邻里互助', 'Neighbours'],
      label: () => ['我有需求', 'I need help'],
      to: '/m/needs',
      show: (me) => me.user.kind === 'resident',
      order: 32,
    },
  ],
  actionNames: {
    'needs.take': ['单位领单、退单与派单', 'Take, decline and assign orders for a unit'],
    'needs.read': ['查看需求对接清单', 'Read the needs lists'],
    'needs.manage': ['管理资源、需求与项目，审核微心愿', 'Keep the lists and review wishes'],
    'needs.claim': ['认领微心愿', 'Claim wishes'],
    'needs.wish': ['发布微心愿', 'Post a wish'],
  },
};
