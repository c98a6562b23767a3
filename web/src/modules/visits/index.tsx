import { HomeOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 联户走访 (module `visits`): coverage, plans and the log in the console; the round on the grid worker's phone. */
export const webModule: WebModule = {
  name: 'visits',
  pages: [
    { path: '/visits', element: lazyPage(() => import('./VisitsPage.js'), 'VisitsPage') },
    { path: '/visits/care', element: lazyPage(() => import('./VisitsPage.js'), 'CarePage') },
    { path: '/visits/alarms', element: lazyPage(() => import('./VisitsPage.js'), 'AlarmsPage') },
  ],
  menu: [
    {
      key: 'visits',
      icon: <HomeOutlined />,
      label: ['联户走访', 'Household visits'],
      abilities: ['visits.read'],
      order: 35,
    },
  ],
  phonePages: [
    { path: '/round', element: lazyPage(() => import('./phone/PhoneRound.js'), 'PhoneRound') },
    { path: '/care', element: lazyPage(() => import('./phone/PhoneCare.js'), 'PhoneCare') },
    { path: '/alarms', element: lazyPage(() => import('./phone/PhoneAlarms.js'), 'PhoneAlarms') },
  ],
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
    {
      tab: 'services',
      key: 'alarms',
      group: ['网格工作', 'Grid work'],
      label: () => ['关护告警', 'Care alarms'],
      to: '/m/alarms',
      show: (me) => me.abilities.includes('visits.care'),
      order: 21,
    },
    {
      tab: 'services',
      key: 'care',
      group: ['关爱帮扶', 'Care'],
      label: () => ['我的结对', 'People I look after'],
      to: '/m/care',
      // helpers are party members, volunteers, building leaders and neighbours: anyone may be one
      show: (me) => me.user.kind !== 'resident' || me.user.roles.some((r) => r.role === 'party_member'),
      order: 25,
    },
  ],
  actionNames: {
    'visits.record': ['记录走访', 'Record a visit'],
    'visits.read': ['查看走访与覆盖率', 'Read visits and coverage'],
    'visits.plan': ['生成走访计划', 'Generate visit plans'],
    'visits.care': ['关爱计划、结对与告警处置', 'Care plans, pairings and alarms'],
    'visits.devices': ['关护设备厂商密钥', 'Care device vendors'],
    'visits.checkin': ['结对走访', 'A helper’s care visit'],
  },
};
