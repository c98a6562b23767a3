import { ApartmentOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.js';
import { RegionsPage } from './RegionsPage.js';

/** The region tree (module `org`): everyone signed in sees the place they work in. */
export const webModule: WebModule = {
  name: 'org',
  pages: [{ path: '/regions/:code?', element: <RegionsPage /> }],
  menu: [
    {
      key: 'regions',
      icon: <ApartmentOutlined />,
      label: ['行政区划', 'Regions'],
      abilities: [],
      order: 10,
    },
  ],
};
