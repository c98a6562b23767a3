import { Card, Tabs } from 'antd';
import { CommunityPicker } from '../../components/CommunityPicker.js';
import { useCommunityPage } from '../../components/useCommunityPage.js';
import { useTx } from '../../i18n.js';
import { Meetings } from './Meetings.js';
import { Notices } from './Notices.js';
import { Surveys } from './Surveys.js';
import { Topics } from './Topics.js';

/** 议事与公开: the meeting calendar, the topic board (一征三议两公开), surveys and notices of a community. */
export function DeliberationPage() {
  const tx = useTx();
  const { home, params, community, tab, set } = useCommunityPage('meetings');
  return (
    <Card
      title={tx('议事与公开', 'Deliberation and publicity')}
      extra={
        <>
          {community && (
            <a href={`/m/public/${community}`} target="_blank" rel="noreferrer" style={{ marginRight: 12 }}>
              {tx('公开栏（免登录）', 'Public page')}
            </a>
          )}
          {home.length < 12 && (
            <CommunityPicker home={home} value={community} onChange={(c) => set({ community: c })} />
          )}
        </>
      }
    >
      {community && (
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k })}
          items={[
            {
              key: 'meetings',
              label: tx('会议日历', 'Meetings'),
              children: (
                <Meetings
                  community={community}
                  month={params.get('month') ?? ''}
                  view={params.get('view') === 'calendar' ? 'calendar' : 'list'}
                  onChange={(p) => set(p)}
                />
              ),
            },
            { key: 'topics', label: tx('议题', 'Topics'), children: <Topics community={community} /> },
            { key: 'surveys', label: tx('征集问卷', 'Surveys'), children: <Surveys community={community} /> },
            { key: 'notices', label: tx('党务居务公开', 'Notices'), children: <Notices community={community} /> },
          ]}
        />
      )}
    </Card>
  );
}
