import { useQueries } from '@tanstack/react-query';
import { Space, Typography } from 'antd';
import type { caseQueues } from '../../../../contracts/cases.js';
import { useAuth } from '../../auth.js';
import { Tile } from '../../components/Tile.js';
import { useTx } from '../../i18n.js';
import { casesApi } from './api.js';

type Queue = (typeof caseQueues)[number];

/** 待办: the workbench's queues this user works, with their counts; near-limit and overdue in red. */
export function CaseTodos() {
  const tx = useTx();
  const { me } = useAuth();
  const can = (a: 'cases.dispatch' | 'cases.handle' | 'cases.verify') => me?.abilities.includes(a) ?? false;
  const queues: [Queue, string, boolean][] = [
    ...(can('cases.dispatch')
      ? ([
          ['to_register', tx('待立案', 'To register'), false],
          ['to_dispatch', tx('待派遣', 'To dispatch'), false],
        ] as [Queue, string, boolean][])
      : []),
    ...(can('cases.handle')
      ? ([
          ['to_sign', tx('待签收', 'To sign for'), false],
          ['handling', tx('处置中', 'Handling'), false],
        ] as [Queue, string, boolean][])
      : []),
    ...(can('cases.verify') ? ([['to_verify', tx('待核查', 'To verify'), false]] as [Queue, string, boolean][]) : []),
    ['near_limit', tx('临期', 'Near limit'), true],
    ['overdue', tx('超期', 'Overdue'), true],
  ];
  const counts = useQueries({
    queries: queues.map(([q]) => ({
      queryKey: ['cases', 'count', q],
      queryFn: () => casesApi.list({ queue: q, pageSize: '1' }),
      refetchInterval: 60_000,
    })),
  });
  return (
    <div>
      <Typography.Title level={5}>{tx('案件待办', 'Cases to do')}</Typography.Title>
      <Space wrap>
        {queues.map(([q, title, urgent], i) => (
          <Tile
            key={q}
            testId={`tile-cases-${q}`}
            title={title}
            value={counts[i]?.data?.total}
            suffix={tx('件', '')}
            urgent={urgent}
            to={`/cases?queue=${q}`}
          />
        ))}
      </Space>
    </div>
  );
}
