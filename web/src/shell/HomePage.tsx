import { Space, Typography } from 'antd';
import { useAuth } from '../auth.js';
import { useTx } from '../i18n.js';
import { webModules } from '../lib/module.js';

/**
 * 工作台: where every staff member lands — what waits for them and what they should know, each
 * tile from its module (`homeTiles`), each linking to the filtered list behind it.
 */
export function HomePage() {
  const tx = useTx();
  const { me } = useAuth();
  if (!me) return null;
  const tiles = webModules
    .flatMap((m) => m.homeTiles ?? [])
    .filter((t) => t.show(me))
    .sort((a, b) => a.order - b.order);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="home">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {tx(`${me.user.name}，您好`, `Hello, ${me.user.name}`)}
      </Typography.Title>
      {tiles.map((t) => (
        <div key={t.key}>{t.element}</div>
      ))}
    </Space>
  );
}
