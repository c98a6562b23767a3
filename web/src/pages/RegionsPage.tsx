import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Empty, Row, Spin, Statistic, Table, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { RegionDetail, RegionMap, RegionSummary } from '../../../contracts/regions.js';
import { regionLevels } from '../../../contracts/regions.js';
import { ApiError, api } from '../api.js';
import { GridMap } from '../components/GridMap.js';
import { RegionTree } from '../components/RegionTree.js';
import { useI18n } from '../i18n.js';

type Loaded = { detail: RegionDetail; map: RegionMap };

/** Region page: the tree on the left, the selected node on the right (URL: /regions/:code). */
export function RegionsPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (c: string) => {
      setLoading(true);
      setError(null);
      try {
        const [detail, map] = await Promise.all([api.region(c), api.regionMap(c)]);
        setLoaded({ detail, map });
      } catch (e) {
        setLoaded(null);
        setError(e instanceof ApiError ? e.message : t('loadFailed'));
      } finally {
        setLoading(false);
      }
    },
    [t],
  );

  useEffect(() => {
    if (code) void load(code);
    else setLoaded(null);
  }, [code, load]);

  const ancestors = useMemo(() => (loaded ? loaded.detail.ancestors.map((a) => a.code) : []), [loaded]);
  const go = useCallback((c: string) => navigate(`/regions/${c}`), [navigate]);

  return (
    <Row gutter={16}>
      <Col xs={24} md={8} lg={6}>
        <Card title={t('regionTree')} size="small">
          <RegionTree selected={code} ancestors={ancestors} onSelect={go} />
        </Card>
      </Col>
      <Col xs={24} md={16} lg={18}>
        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            action={<Button onClick={() => code && void load(code)}>{t('retry')}</Button>}
          />
        )}
        {!code && <Empty description={t('pickRegion')} />}
        {loading && !loaded && <Spin />}
        {loaded && <RegionDetailView data={loaded} onPick={go} />}
      </Col>
    </Row>
  );
}

function RegionDetailView({ data, onPick }: { data: Loaded; onPick: (code: string) => void }) {
  const { t } = useI18n();
  const { region, ancestors, children, descendants } = data.detail;
  const levelName = (l: RegionSummary['level']) => t(l);
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
          <Descriptions.Item label={t('code')}>
            <span data-testid="region-code">{region.code}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('level')}>{levelName(region.level)}</Descriptions.Item>
          <Descriptions.Item label={t('officialName')}>{region.officialName}</Descriptions.Item>
          <Descriptions.Item label={t('ancestors')}>
            {ancestors.length ? ancestors.map((a) => a.name).join(' / ') : t('none')}
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
        <Card title={t('gridMap')} style={{ marginTop: 16 }} size="small">
          <GridMap mapKey={region.code} data={data.map} onPick={onPick} />
        </Card>
      )}
      <Card title={`${t('children')}（${children.length}）`} style={{ marginTop: 16 }} size="small">
        <Table<RegionSummary>
          data-testid="children-table"
          rowKey="code"
          size="small"
          dataSource={children}
          pagination={children.length > 20 ? { pageSize: 20 } : false}
          columns={[
            {
              title: t('name'),
              dataIndex: 'name',
              render: (name: string, r) => <Link to={`/regions/${r.code}`}>{name}</Link>,
            },
            { title: t('code'), dataIndex: 'code' },
            { title: t('level'), dataIndex: 'level', render: levelName },
            { title: t('childCount'), dataIndex: 'childCount', align: 'right' },
          ]}
        />
      </Card>
    </div>
  );
}
