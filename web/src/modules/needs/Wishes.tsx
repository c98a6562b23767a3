import { useQuery } from '@tanstack/react-query';
import { Button, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { wishStateNames, wishStates } from '../../../../contracts/needs.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { useAct } from '../party/useAct.js';
import { needsApi } from './api.js';
import { useNeedName } from './names.js';

type Wish = Awaited<ReturnType<typeof needsApi.wishes>>['items'][number];
export const WISH_COLOURS: Record<string, string> = {
  pending: 'gold',
  open: 'blue',
  claimed: 'cyan',
  delivered: 'purple',
  confirmed: 'green',
  rejected: 'default',
};

/** 微心愿 board: every wish of the community by state; review the new ones, confirm the delivered ones. */
export function WishBoard({ community }: { community: string }) {
  const name = useNeedName();
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('needs');
  const list = useQuery({
    queryKey: ['needs', 'wishes', 'board', community],
    queryFn: () => needsApi.wishes({ community, view: 'board' }),
  });
  const [rejecting, setRejecting] = useState<Wish | null>(null);
  const [reason, setReason] = useState('');
  return (
    <Loaded query={list}>
      {(d) => (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            {wishStates.map((s) => (
              <Tag key={s} color={WISH_COLOURS[s]}>
                {wishStateNames[s][lang]}：{d.items.filter((w) => w.state === s).length}
              </Tag>
            ))}
          </Space>
          <Table<Wish>
            data-testid="wish-board"
            rowKey="id"
            size="small"
            dataSource={d.items}
            columns={[
              { title: tx('心愿', 'Wish'), dataIndex: 'wish' },
              { title: tx('价值（元）', 'Value (yuan)'), dataIndex: 'valueYuan' },
              { title: tx('心愿人', 'For'), render: (_, w) => `${w.shownName}（${name(w.beneficiaryKindName)}）` },
              {
                title: tx('状态', 'State'),
                render: (_, w) => <Tag color={WISH_COLOURS[w.state]}>{name(w.stateName)}</Tag>,
              },
              { title: tx('认领人', 'Claimed by'), render: (_, w) => w.claimedBy ?? '' },
              { title: tx('发布时间', 'Posted'), render: (_, w) => w.createdAt.slice(0, 10) },
              {
                title: tx('送达照片', 'Photo'),
                render: (_, w) =>
                  w.photos.map((p) => (
                    <a key={p} href={needsApi.photoUrl(w.id, p)} target="_blank" rel="noreferrer">
                      <img
                        alt={tx('送达照片', 'Delivery photo')}
                        src={`${needsApi.photoUrl(w.id, p)}?size=thumb`}
                        height={32}
                      />
                    </a>
                  )),
              },
              {
                title: tx('操作', 'Action'),
                render: (_, w) => (
                  <Space>
                    {w.state === 'pending' && (
                      <>
                        <Button
                          size="small"
                          type="primary"
                          data-testid={`approve-${w.id}`}
                          onClick={() => act(() => needsApi.decideWish(w.id, true), tx('已通过，上墙', 'Approved'))}
                        >
                          {tx('通过', 'Approve')}
                        </Button>
                        <Button size="small" onClick={() => setRejecting(w)}>
                          {tx('不通过', 'Turn down')}
                        </Button>
                      </>
                    )}
                    {w.state === 'delivered' && (
                      <Button
                        size="small"
                        onClick={() => act(() => needsApi.confirm(w.id), tx('已确认实现', 'Confirmed'))}
                      >
                        {tx('确认实现', 'Confirm')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          <Modal
            open={rejecting !== null}
            title={tx('不通过的原因', 'Why not')}
            okText={tx('确定', 'OK')}
            cancelText={tx('取消', 'Cancel')}
            onCancel={() => setRejecting(null)}
            onOk={async () => {
              if (
                rejecting &&
                (await act(() => needsApi.decideWish(rejecting.id, false, reason), tx('已退回', 'Turned down')))
              ) {
                setRejecting(null);
                setReason('');
              }
            }}
          >
            <Input.TextArea
              aria-label={tx('原因', 'Reason')}
              value={reason}
              maxLength={200}
              onChange={(e) => setReason(e.target.value)}
            />
          </Modal>
        </>
      )}
    </Loaded>
  );
}
