import { HomeOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 联户走访 (module `visits`): coverage, plans and the log in the console; the round on the grid worker's phone. */
export const webModule: WebModule = {
  name: 'visits',
  pages: [{ path: '/visits', element: lazyPage(() => import('./VisitsPage.js'), 'VisitsPage') }],
  menu: [
    {
      key: 'visits',
      icon: <HomeOutlined />,
      label: ['联户走访', 'Household visits'],
      abilities: ['visits.read'],
      order: 35,
    },
  ],
  phonePages: [{ path: '/round', element: lazyPage(() => import('./phone/PhoneRound.js'), 'PhoneRound') }],
  phoneEntries: [
    {
      tab: 'services',
      key: 'round',
      group: ['网格工作', 'Grid work'],
      label: () => ['本月走访', 'This month’s round'],
      to: '/m/round',
      show: (me) => me.abilities.includes('visits.record'),
      order: 20,
    },
  ],
  actionNames: {
    'visits.record': ['记录走访', 'Record a visit'],
    'visits.read': ['查看走访与覆盖率', 'Read visits and coverage'],
    'visits.plan': ['生成走访计划', 'Generate visit plans'],
  },
};
