import { inboxApi } from './api.js';
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, List, Popover, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTx } from '../../i18n.js';

/** The inbox: a badge with the unread count (refreshed every 30 s), a list that opens what a notice is about. */
export function NoticeBell({ mobilePrefix = '' }: { mobilePrefix?: string }) {
  const tx = useTx();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ['inbox'], queryFn: () => inboxApi.notifications(), refetchInterval: 30_000 });
  const data = query.data ?? { unread: 0, items: [] };
  const load = () => void query.refetch();
  const content = (
    <div style={{ width: 340, maxHeight: 420, overflow: 'auto' }}>
      <List
        size="small"
        dataSource={data.items}
        locale={{ emptyText: tx('暂无消息', 'No notices') }}
        renderItem={(n) => (
          <List.Item
            style={{ cursor: 'pointer', opacity: n.read ? 0.6 : 1 }}
            onClick={() => {
              void inboxApi.markRead([n.id]).then(load);
              const link = n.link ?? (n.caseId ? `/cases/${n.caseId}` : null);
              if (link) navigate(`${mobilePrefix}${link}`);
            }}
          >
            <List.Item.Meta
              title={n.title}
              description={<Typography.Text type="secondary">{n.body}</Typography.Text>}
            />
          </List.Item>
        )}
      />
      {data.unread > 0 && (
        <Button type="link" onClick={() => void inboxApi.markRead().then(load)}>
          {tx('全部标为已读', 'Mark all read')}
        </Button>
      )}
    </div>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight" onOpenChange={(o) => o && load()}>
      <Badge count={data.unread} size="small">
        <Button icon={<BellOutlined />} data-testid="notice-bell" />
      </Badge>
    </Popover>
  );
}
