import { regionsApi } from './api.js';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Empty, Row, Spin, Statistic, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { errorMessage } from '../../lib/query.js';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { RegionDetail, RegionMap, RegionSummary } from '../../../../contracts/regions.js';
import { regionLevelNames, regionLevels } from '../../../../contracts/regions.js';
import { GridMap } from '../../components/GridMap.js';
import { RegionTree } from '../../components/RegionTree.js';
import { useI18n, useTx } from '../../i18n.js';

type Loaded = { detail: RegionDetail; map: RegionMap };

/** Region page: the tree on the left, the selected node on the right (URL: /regions/:code). */
export function RegionsPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const tx = useTx();
  const query = useQuery({
    queryKey: ['regions', 'page', code],
    queryFn: async (): Promise<Loaded> => {
      const c = code ?? '';
      const [detail, map] = await Promise.all([regionsApi.region(c), regionsApi.regionMap(c)]);
      return { detail, map };
    },
    enabled: code !== undefined,
  });
  const loaded = code ? (query.data ?? null) : null;

  const ancestors = useMemo(() => (loaded ? loaded.detail.ancestors.map((a) => a.code) : []), [loaded]);
  const go = useCallback((c: string) => navigate(`/regions/${c}`), [navigate]);

  return (
    <Row gutter={16}>
      <Col xs={24} md={8} lg={6}>
        <Card title={tx('区划树', 'Region tree')} size="small">
          <RegionTree selected={code} ancestors={ancestors} onSelect={go} />
        </Card>
      </Col>
      <Col xs={24} md={16} lg={18}>
        {code && query.isError && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(query.error, tx('加载失败', 'Failed to load'))}
            action={<Button onClick={() => void query.refetch()}>{tx('重试', 'Retry')}</Button>}
          />
        )}
        {!code && <Empty description={tx('请在左侧选择一个区划', 'Pick a region on the left')} />}
        {code && query.isPending && <Spin />}
        {loaded && <RegionDetailView data={loaded} onPick={go} />}
      </Col>
    </Row>
  );
}

function RegionDetailView({ data, onPick }: { data: Loaded; onPick: (code: string) => void }) {
  const tx = useTx();
  const { lang } = useI18n();
  const { region, ancestors, children, descendants } = data.detail;
  const levelName = (l: RegionSummary['level']) => regionLevelNames[l][lang];
  return (
    <div data-testid="region-detail">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[...ancestors, region].map((a) => ({
          title: a.code === region.code ? a.name : <Link to={`/regions/${a.code}`}>{a.name}</Link>,
        }))}
      />
      <Card
        title={<span data-testid="region-title">{region.name}</span>}
        extra={<Tag color="red">{levelName(region.level)}</Tag>}
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={tx('代码', 'Code')}>
            <span data-testid="region-code">{region.code}</span>
          </Descriptions.Item>
          <Descriptions.Item label={tx('层级', 'Level')}>{levelName(region.level)}</Descriptions.Item>
          <Descriptions.Item label={tx('正式名称', 'Official name')}>{region.officialName}</Descriptions.Item>
          <Descriptions.Item label={tx('上级', 'Ancestors')}>
            {ancestors.length ? ancestors.map((a) => a.name).join(' / ') : tx('无', 'None')}
          </Descriptions.Item>
        </Descriptions>
        <Row gutter={16} style={{ marginTop: 12 }}>
          {regionLevels
            .filter((l) => descendants[l])
            .map((l) => (
              <Col key={l}>
                <Statistic title={levelName(l)} value={descendants[l]} />
              </Col>
            ))}
        </Row>
      </Card>
      {data.map.features.length > 0 && (
        <Card title={tx('网格分布图', 'Grid map')} style={{ marginTop: 16 }} size="small">
          <GridMap data={data.map} onPick={onPick} />
        </Card>
      )}
      <Card title={`${tx('下级', 'Children')}（${children.length}）`} style={{ marginTop: 16 }} size="small">
        <Table<RegionSummary>
          data-testid="children-table"
          rowKey="code"
          size="small"
          dataSource={children}
          pagination={children.length > 20 ? { pageSize: 20 } : false}
          columns={[
            {
              title: tx('名称', 'Name'),
              dataIndex: 'name',
              render: (name: string, r) => <Link to={`/regions/${r.code}`}>{name}</Link>,
            },
            { title: tx('代码', 'Code'), dataIndex: 'code' },
            { title: tx('层级', 'Level'), dataIndex: 'level', render: levelName },
            { title: tx('下级数', 'Children'), dataIndex: 'childCount', align: 'right' },
          ]}
        />
      </Card>
    </div>
  );
}
