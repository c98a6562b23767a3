import { TrophyOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 考核评议 (module `assessment`): target tables, raters and results in the console; raters score on the phone. */
export const webModule: WebModule = {
  name: 'assessment',
  pages: [{ path: '/assessment', element: lazyPage(() => import('./AssessmentPage.js'), 'AssessmentPage') }],
  menu: [
    {
      key: 'assessment',
      icon: <TrophyOutlined />,
      label: ['考核评议', 'Assessment'],
      abilities: ['assessment.read'],
      order: 48,
    },
  ],
  phonePages: [{ path: '/assessment', element: lazyPage(() => import('./phone/PhoneScoring.js'), 'PhoneScoring') }],
  phoneEntries: [
    {
      tab: 'community',
      key: 'assessment',
      group: ['大家的事大家议', 'Deliberation'],
      label: () => ['考核评分', 'Scoring'],
      to: '/m/assessment',
      show: () => true,
      order: 47,
    },
  ],
  actionNames: {
    'assessment.read': ['查看考核结果', 'Read assessment results'],
    'assessment.manage': ['制定考核表、指定评议人', 'Set tables and raters'],
    'assessment.score': ['考核评分', 'Score'],
  },
};
