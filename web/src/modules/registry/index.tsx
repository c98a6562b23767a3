import { HomeOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** Grids, buildings, households and residents (module `registry`): 以图管房、以房管人. */
export const webModule: WebModule = {
  name: 'registry',
  pages: [
    { path: '/registry', element: lazyPage(() => import('./RegistryPage.js'), 'RegistryPage') },
    { path: '/registry/import', element: lazyPage(() => import('./ImportPage.js'), 'ImportPage') },
  ],
  menu: [
    {
      key: 'registry',
      icon: <HomeOutlined />,
      label: ['网格与居民', 'Grids and residents'],
      abilities: ['registry.read'],
      order: 20,
    },
  ],
  homeTiles: [
    {
      key: 'key-people',
      order: 20,
      show: (me) => me.abilities.includes('registry.read_sensitive_tags'),
      element: lazyPage(() => import('./HomeTiles.js'), 'KeyPeople'),
    },
  ],
  actionNames: {
    'registry.read': ['查看居民信息', 'Read the registry'],
    'registry.read_sensitive_tags': ['查看敏感标签', 'Read sensitive tags'],
    'registry.reveal': ['查看完整证件号或手机号', 'Reveal an ID number or phone'],
    'registry.edit': ['修改居民信息', 'Change the registry'],
    'registry.import': ['导入居民信息', 'Import residents'],
    'registry.export': ['导出居民信息', 'Export residents'],
    'registry.locate': ['定位地点', 'Locate a place'],
  },
};
