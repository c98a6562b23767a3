import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, List, Tag, Toast } from 'antd-mobile';
import { useTx } from '../../../i18n.js';
import { ApiError } from '../../../lib/http.js';
import { partyApi } from '../api.js';

/** 可认领的任务: the community's resolutions put out to members; claim one (first come), with 取消. */
export function PhoneTasks() {
  const tx = useTx();
  const client = useQueryClient();
  const tasks = useQuery({ queryKey: ['party', 'tasks'], queryFn: () => partyApi.tasks() });
  const claim = async (id: number, what: string) => {
    const yes = await Dialog.confirm({
      content: tx(`认领「${what}」？认领后请按期完成。`, `Claim “${what}”?`),
      confirmText: tx('认领', 'Claim'),
      cancelText: tx('取消', 'Cancel'),
    });
    if (!yes) return;
    try {
      await partyApi.claim(id);
      Toast.show({ icon: 'success', content: tx('已认领', 'Claimed') });
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? e.message : String(e) });
    }
    await client.invalidateQueries({ queryKey: ['party', 'tasks'] });
  };
  if (!tasks.data) return null;
  return (
    <List header={tx('社区待认领任务', 'Tasks to claim')} data-testid="m-party-tasks">
      {tasks.data.items.length === 0 && <List.Item>{tx('暂无待认领任务', 'No open tasks')}</List.Item>}
      {tasks.data.items.map((t) => (
        <List.Item
          key={t.id}
          description={tx(`${t.meeting} · 牵头 ${t.lead} · ${t.dueOn} 前`, `${t.meeting} · by ${t.dueOn}`)}
          extra={
            t.claimedByMe ? (
              <Tag color="success">{tx('我已认领', 'Mine')}</Tag>
            ) : (
              <Button
                size="small"
                color="primary"
                data-testid={`m-party-claim-${t.id}`}
                onClick={() => void claim(t.id, t.what)}
              >
                {tx('认领', 'Claim')}
              </Button>
            )
          }
        >
          {t.what}
        </List.Item>
      ))}
    </List>
  );
}
