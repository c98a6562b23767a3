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
  actionNames: {
    'org.import_regions': ['导入区划', 'Import regions'],
    'org.move_region': ['调整区划隶属', 'Move a region'],
    'org.save_grids': ['划定网格', 'Draw grids'],
  },
};
