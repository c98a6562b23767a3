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
  phonePages: [
    { path: '/assessment', element: lazyPage(() => import('./phone/PhoneScoring.js'), 'PhoneScoring') },
    { path: '/review', element: lazyPage(() => import('./phone/PhoneReview.js'), 'PhoneReview') },
    { path: '/awards', element: lazyPage(() => import('./phone/PhoneAwards.js'), 'PhoneAwards') },
  ],
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
    {
      tab: 'community',
      key: 'review',
      group: ['党建', 'Party'],
      label: () => ['民主评议', 'Member review'],
      to: '/m/review',
      show: (me) => me.user.roles.some((r) => r.role === 'party_member'),
      order: 48,
    },
    {
      tab: 'community',
      key: 'awards',
      group: ['大家的事大家议', 'Deliberation'],
      label: () => ['评选表彰', 'Awards'],
      to: '/m/awards',
      show: () => true,
      order: 49,
    },
  ],
  actionNames: {
    'assessment.read': ['查看考核结果', 'Read assessment results'],
    'assessment.manage': ['制定考核表、指定评议人', 'Set tables and raters'],
    'assessment.review': ['民主评议党员', 'Review party members'],
    'assessment.award': ['评选表彰', 'Run awards'],
    'assessment.score': ['评分、自评互评、推荐投票', 'Score, review, nominate and vote'],
  },
};
