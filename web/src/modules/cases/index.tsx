import { AlertOutlined, BarChartOutlined, SettingOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

const CASES: readonly [string, string] = ['案件', 'Cases'];

/** The case loop (module `cases`): workbench, case page, settings and indicators; reporting and tasks on the phone. */
export const webModule: WebModule = {
  name: 'cases',
  pages: [
    { path: '/cases', element: lazyPage(() => import('./CasesPage.js'), 'CasesPage') },
    { path: '/cases/:id', element: lazyPage(() => import('./CasePage.js'), 'CasePage') },
    { path: '/indicators', element: lazyPage(() => import('./IndicatorsPage.js'), 'IndicatorsPage') },
    { path: '/case-settings', element: lazyPage(() => import('./CaseSettingsPage.js'), 'CaseSettingsPage') },
  ],
  menu: [
    { key: 'cases', icon: <AlertOutlined />, label: ['案件办理', 'Cases'], abilities: ['cases.read'], order: 30 },
    {
      key: 'indicators',
      icon: <BarChartOutlined />,
      label: ['案件指标', 'Indicators'],
      abilities: ['cases.indicators'],
      order: 40,
    },
    {
      key: 'case-settings',
      icon: <SettingOutlined />,
      label: ['案件设置', 'Case settings'],
      abilities: ['cases.configure'],
      order: 70,
    },
  ],
  homeTiles: [
    {
      key: 'case-todos',
      order: 10,
      show: (me) => me.abilities.includes('cases.read') && me.user.roles.some((r) => r.role !== 'resident'),
      element: lazyPage(() => import('./HomeTiles.js'), 'CaseTodos'),
    },
  ],
  phonePages: [
    { path: '/report', element: lazyPage(() => import('./phone/MobileCases.js'), 'MobileReport') },
    { path: '/mine', element: lazyPage(() => import('./phone/MobileCases.js'), 'MobileMine') },
    { path: '/tasks', element: lazyPage(() => import('./phone/MobileCases.js'), 'MobileTasks') },
    { path: '/cases/:id', element: lazyPage(() => import('./phone/MobileCase.js'), 'MobileCase') },
  ],
  phoneEntries: [
    {
      tab: 'services',
      key: 'report',
      group: CASES,
      label: (me) =>
        me.user.kind === 'staff' ? ['巡查上报', 'Report a finding'] : ['随手拍 · 我要反映问题', 'Report a problem'],
      to: '/m/report',
      show: (me) => me.abilities.includes('cases.report'),
      order: 10,
    },
    {
      tab: 'services',
      key: 'mine',
      group: CASES,
      label: () => ['我的上报与评价', 'My reports'],
      to: '/m/mine',
      show: (me) => me.user.kind !== 'staff',
      order: 20,
    },
    {
      tab: 'services',
      key: 'tasks',
      group: CASES,
      label: () => ['我的任务（签收、处置、核查）', 'My tasks'],
      to: '/m/tasks',
      show: (me) => me.abilities.includes('cases.handle') || me.abilities.includes('cases.verify'),
      order: 30,
    },
  ],
  actionNames: {
    'cases.read': ['查看案件', 'Read cases'],
    'cases.report': ['上报案件', 'Report a case'],
    'cases.dispatch': ['立案派遣', 'Register and dispatch'],
    'cases.handle': ['签收处置', 'Sign for and handle'],
    'cases.verify': ['核查结案', 'Verify'],
    'cases.rate': ['评价', 'Rate'],
    'cases.supervise': ['督办', 'Supervise'],
    'cases.configure': ['案件设置', 'Case settings'],
    'cases.indicators': ['查看案件指标', 'Read indicators'],
    'cases.export': ['导出案件', 'Export cases'],
    'cases.rate_agency': ['评价处置单位', 'Rate the unit'],
    'cases.reveal_phone': ['查看上报人完整电话', 'Reveal the reporter’s phone'],
  },
};
