import { useQuery } from '@tanstack/react-query';
import { Space, Tooltip, Typography } from 'antd';
import { useAuth } from '../../auth.js';
import { Tile } from '../../components/Tile.js';
import { useI18n, useTx } from '../../i18n.js';
import { regionsApi } from './api.js';

/** 辖区概况: the figures of the place the user works for, each with what it counts (hover). */
export function PlaceFigures() {
  const tx = useTx();
  const { lang } = useI18n();
  const { me } = useAuth();
  const place = me?.user.roles.find((r) => r.regionCode)?.regionCode;
  const stats = useQuery({
    queryKey: ['stats', place],
    queryFn: () => regionsApi.stats(place ?? ''),
    enabled: place !== undefined,
  });
  if (!place || !stats.data) return null;
  return (
    <div>
      <Typography.Title level={5}>
        {tx(`辖区概况 · ${stats.data.regionName}`, `At a glance · ${stats.data.regionName}`)}
      </Typography.Title>
      <Space wrap>
        {stats.data.stats.map((s) => (
          <Tooltip key={s.key} title={s.definition[lang]}>
            <div>
              <Tile testId={`tile-stat-${s.key}`} title={s.name[lang]} value={s.value} suffix={s.unit[lang]} />
            </div>
          </Tooltip>
        ))}
      </Space>
    </div>
  );
}
