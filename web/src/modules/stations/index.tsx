import { EnvironmentOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 党群服务阵地 (module `stations`): stations, the 15-minute circle, the catalogue; residents find and book on the phone. */
export const webModule: WebModule = {
  name: 'stations',
  pages: [{ path: '/stations', element: lazyPage(() => import('./StationsPage.js'), 'StationsPage') }],
  menu: [
    {
      key: 'stations',
      icon: <EnvironmentOutlined />,
      label: ['党群服务阵地', 'Stations and services'],
      abilities: ['stations.read'],
      order: 42,
    },
  ],
  phonePages: [{ path: '/stations', element: lazyPage(() => import('./phone/PhoneStations.js'), 'PhoneStations') }],
  phoneEntries: [
    {
      tab: 'services',
      key: 'stations',
      group: ['身边服务', 'Services near me'],
      label: () => ['附近阵地·借物', 'Stations near me'],
      to: '/m/stations',
      show: () => true,
      order: 10,
    },
    {
      tab: 'services',
      key: 'services',
      group: ['身边服务', 'Services near me'],
      label: () => ['服务清单·预约', 'Services and booking'],
      to: '/m/stations?tab=services',
      show: () => true,
      order: 11,
    },
  ],
  actionNames: {
    'stations.read': ['查看服务阵地', 'Read stations'],
    'stations.manage': ['管理阵地与服务清单', 'Manage stations and the catalogue'],
    'stations.serve': ['借出归还、签到、代办', 'Lend, check in, proxy service'],
    'stations.book': ['预约办事', 'Book an appointment'],
  },
};
