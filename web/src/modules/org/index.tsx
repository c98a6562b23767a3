import { ApartmentOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** The region tree (module `org`): everyone signed in sees the place they work in. */
export const webModule: WebModule = {
  name: 'org',
  pages: [{ path: '/regions/:code?', element: lazyPage(() => import('./RegionsPage.js'), 'RegionsPage') }],
  menu: [
    {
      key: 'regions',
      icon: <ApartmentOutlined />,
      label: ['行政区划', 'Regions'],
      abilities: [],
      order: 10,
    },
  ],
  homeTiles: [
    {
      key: 'place-figures',
      order: 30,
      show: (me) => me.user.roles.some((r) => r.regionCode !== null),
      element: lazyPage(() => import('./HomeTiles.js'), 'PlaceFigures'),
    },
  ],
};
