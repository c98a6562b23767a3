import { useQueries } from '@tanstack/react-query';
import { Space, Typography } from 'antd';
import { tagNames, type ResidentTag } from '../../../../contracts/registry.js';
import { useAuth } from '../../auth.js';
import { Tile } from '../../components/Tile.js';
import { useI18n, useTx } from '../../i18n.js';
import { registryApi } from './api.js';

const KEY_PEOPLE: ResidentTag[] = ['living_alone', 'empty_nest', 'disabled', 'subsistence', 'left_behind_child'];

/** 重点人群: the people in my place who need looking after, counted, each linking to the list. */
export function KeyPeople() {
  const tx = useTx();
  const { lang } = useI18n();
  const { me } = useAuth();
  const place = me?.user.roles.find((r) => r.regionCode)?.regionCode ?? '';
  const community = place.slice(0, 12);
  const counts = useQueries({
    queries: KEY_PEOPLE.map((tag) => ({
      queryKey: ['registry', 'count', place, tag],
      queryFn: () => registryApi.residents({ region: place, tags: tag, pageSize: '1' }),
    })),
  });
  return (
    <div>
      <Typography.Title level={5}>{tx('重点人群', 'People to look after')}</Typography.Title>
      <Space wrap>
        {KEY_PEOPLE.map((tag, i) => (
          <Tile
            key={tag}
            testId={`tile-people-${tag}`}
            title={tagNames[tag][lang]}
            value={counts[i]?.data?.total}
            suffix={tx('人', '')}
            to={`/registry?community=${community}&tab=residents&tags=${tag}`}
          />
        ))}
      </Space>
    </div>
  );
}
