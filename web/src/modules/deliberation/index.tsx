import { CommentOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 大家的事大家议 (module `deliberation`): meetings, topics, surveys and notices; the public page of a community. */
export const webModule: WebModule = {
  name: 'deliberation',
  pages: [{ path: '/deliberation', element: lazyPage(() => import('./DeliberationPage.js'), 'DeliberationPage') }],
  menu: [
    {
      key: 'deliberation',
      icon: <CommentOutlined />,
      label: ['议事与公开', 'Deliberation'],
      abilities: ['deliberation.read'],
      order: 39,
    },
  ],
  publicPhonePages: [
    { path: '/public/:community', element: lazyPage(() => import('./phone/PublicBoard.js'), 'PublicBoard') },
  ],
  phonePages: [
    { path: '/topics', element: lazyPage(() => import('./phone/PhoneTopics.js'), 'PhoneTopics') },
    { path: '/notices', element: lazyPage(() => import('./phone/PhonePublicity.js'), 'PhoneNotices') },
    { path: '/surveys', element: lazyPage(() => import('./phone/PhonePublicity.js'), 'PhoneSurveys') },
    { path: '/surveys/:id', element: lazyPage(() => import('./phone/PhonePublicity.js'), 'PhoneSurvey') },
    { path: '/meetings', element: lazyPage(() => import('./phone/PhonePublicity.js'), 'PhoneMeetings') },
  ],
  phoneEntries: [
    {
      tab: 'community',
      key: 'topics',
      group: ['大家的事大家议', 'Deliberation'],
      label: () => ['社区议事', 'Topics'],
      to: '/m/topics',
      show: () => true,
      order: 40,
    },
    {
      tab: 'community',
      key: 'notices',
      group: ['大家的事大家议', 'Deliberation'],
      label: () => ['党务居务公开', 'Notices'],
      to: '/m/notices',
      show: () => true,
      order: 41,
    },
    {
      tab: 'community',
      key: 'surveys',
      group: ['大家的事大家议', 'Deliberation'],
      label: () => ['征集问卷', 'Surveys'],
      to: '/m/surveys',
      show: () => true,
      order: 42,
    },
    {
      tab: 'community',
      key: 'meetings',
      group: ['大家的事大家议', 'Deliberation'],
      label: () => ['社区会议', 'Meetings'],
      to: '/m/meetings',
      show: () => true,
      order: 43,
    },
  ],
  actionNames: {
    'deliberation.read': ['查看会议、议题、问卷与公告', 'Read meetings, topics, surveys and notices'],
    'deliberation.manage': ['召开会议、办理议题、发布问卷与公告', 'Call meetings, take topics, publish'],
    'deliberation.propose': ['提出议题、附议', 'Propose and support topics'],
    'deliberation.respond': ['参会、答卷、阅读公告', 'Attend, answer surveys, read notices'],
  },
};
