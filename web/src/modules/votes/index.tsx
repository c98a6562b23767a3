import { AuditOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 业主共同决定 (module `votes`): an estate's votes under Civil Code art. 278; owners vote on the phone. */
export const webModule: WebModule = {
  name: 'votes',
  pages: [{ path: '/votes', element: lazyPage(() => import('./VotesPage.js'), 'VotesPage') }],
  menu: [
    {
      key: 'votes',
      icon: <AuditOutlined />,
      label: ['业主表决与微实事', 'Votes and budgets'],
      abilities: ['votes.read'],
      order: 40,
    },
  ],
  phonePages: [
    { path: '/votes', element: lazyPage(() => import('./phone/PhoneVotes.js'), 'PhoneVotes') },
    { path: '/budgets', element: lazyPage(() => import('./phone/PhoneBudgets.js'), 'PhoneBudgets') },
  ],
  publicPhonePages: [
    { path: '/public/budget/:street/:id', element: lazyPage(() => import('./phone/PhoneBudgets.js'), 'PublicBudget') },
  ],
  phoneEntries: [
    {
      tab: 'community',
      key: 'votes',
      group: ['大家的事大家议', 'Deliberation'],
      label: () => ['业主表决', 'Owners’ votes'],
      to: '/m/votes',
      show: () => true,
      order: 44,
    },
    {
      tab: 'community',
      key: 'budgets',
      group: ['大家的事大家议', 'Deliberation'],
      label: () => ['微实事', 'Participatory budget'],
      to: '/m/budgets',
      show: () => true,
      order: 45,
    },
  ],
  actionNames: {
    'votes.read': ['查看业主表决', 'Read owners’ votes'],
    'votes.manage': ['发起表决、录入纸质票、计票公布', 'Open votes, enter ballots, count'],
    'votes.cast': ['业主本人投票', 'Vote as an owner'],
  },
};
