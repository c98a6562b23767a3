import { PhoneOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 便民电话 (module `hotlines`): kept in the console, called from the phone. */
export const webModule: WebModule = {
  name: 'hotlines',
  pages: [{ path: '/hotlines', element: lazyPage(() => import('./HotlinesPage.js'), 'HotlinesPage') }],
  menu: [
    {
      key: 'hotlines',
      icon: <PhoneOutlined />,
      label: ['便民电话', 'Service numbers'],
      abilities: ['hotlines.read'],
      order: 50,
    },
  ],
  phonePages: [{ path: '/hotlines', element: lazyPage(() => import('./phone/PhoneHotlines.js'), 'PhoneHotlines') }],
  phoneEntries: [
    {
      tab: 'community',
      key: 'hotlines',
      group: ['生活服务', 'Services'],
      label: () => ['便民电话', 'Service numbers'],
      to: '/m/hotlines',
      show: (me) => me.abilities.includes('hotlines.read'),
      order: 100,
    },
  ],
  actionNames: {
    'hotlines.read': ['查看便民电话', 'Read service numbers'],
    'hotlines.manage': ['维护便民电话', 'Keep service numbers'],
  },
};
