import { regionsApi } from '../org/api.js';
import { Alert, Button, Card, Col, Descriptions, Image, Row, Space, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import {
  actionNames,
  levelNames,
  ratingNames,
  sourceNames,
  statusNames,
  supervisionNames,
  tierNames,
  type CaseAction,
} from '../../../../contracts/cases.js';
import { casesApi } from './api.js';
import { useAuth } from '../../auth.js';
import { GridMap } from '../../components/GridMap.js';
import { useI18n, useTx } from '../../i18n.js';
import { CLOCK_COLORS, fmtTime, SUPERVISION_COLORS } from './format.js';

/** Steps that change who holds the case or close it: shown as primary buttons. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/query.js';
import { CaseTimeline } from './CaseTimeline.js';
import { DANGER, PRIMARY } from './steps.js';
import { ActionDialog, RateUnitDialog } from './CaseDialogs.js';
import { CaseToNeed } from '../needs/CaseToNeed.js';

/** The case page: where, what, photos, the timeline, and the steps open to this user. */
export function CasePage() {
  const { id } = useParams();
  const tx = useTx();
  const { lang } = useI18n();
  const [acting, setActing] = useState<CaseAction | null>(null);
  const [ratingUnit, setRatingUnit] = useState(false);
  const { me } = useAuth();
  const client = useQueryClient();
  const key = ['cases', 'detail', Number(id)];
  const query = useQuery({ queryKey: key, queryFn: () => casesApi.get(Number(id)) });
  const detail = query.data;
  const map = useQuery({
    queryKey: ['regions', 'map', detail?.communityCode],
    queryFn: () => regionsApi.regionMap(detail?.communityCode ?? ''),
    enabled: Boolean(detail?.communityCode),
  }).data;
  const points = useMemo(
    () => (detail?.lng != null && detail.lat != null ? [{ lng: detail.lng, lat: detail.lat, name: detail.title }] : []),
    [detail?.lng, detail?.lat, detail?.title],
  );

  if (query.isError) return <Alert type="error" title={errorMessage(query.error)} />;
  if (!detail) return <Spin />;
  const d = detail;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-title">
          {d.title}
        </Typography.Title>
        <Tag color="blue" data-testid="case-status">
          {statusNames[d.status][lang]}
        </Tag>
        {d.clock !== 'none' && (
          <Tag color={CLOCK_COLORS[d.clock]}>
            {
              {
                ok: tx('时限内', 'In time'),
                warning: tx('临期', 'Near limit'),
                overdue: tx('超期', 'Overdue'),
                none: '',
              }[d.clock]
            }
          </Tag>
        )}
        {d.supervision !== 'none' && (
          <Tag color={SUPERVISION_COLORS[d.supervision]}>{supervisionNames[d.supervision][lang]}</Tag>
        )}
        {d.pendingRequest && (
          <Tag color="purple">
            {d.pendingRequest === 'extension'
              ? tx('延期待审批', 'Extension pending')
              : tx('挂账待审批', 'Parking pending')}
          </Tag>
        )}
      </Space>
      <Space wrap data-testid="case-actions">
        {d.actions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.includes(a) ? 'primary' : 'default'}
            danger={DANGER.includes(a)}
            onClick={() => setActing(a)}
            data-testid={`act-${a}`}
          >
            {actionNames[a][lang]}
          </Button>
        ))}
        {d.status === 'closed' && d.agencyId && me?.abilities.includes('cases.rate_agency') && (
          <Button onClick={() => setRatingUnit(true)} data-testid="rate-unit">
            {tx('评价处置单位（反向评价）', 'Rate the unit')}
          </Button>
        )}
        {d.tier !== 'public' && me?.abilities.includes('needs.manage') && <CaseToNeed caseId={d.id} />}
      </Space>
      {ratingUnit && <RateUnitDialog caseId={d.id} onClose={() => setRatingUnit(false)} />}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={tx('案件信息', 'Case')}>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={tx('编号', 'No.')}>{d.no}</Descriptions.Item>
              <Descriptions.Item label={tx('来源', 'Source')}>{sourceNames[d.source][lang]}</Descriptions.Item>
              <Descriptions.Item label={tx('类型', 'Category')}>
                {d.categoryName}（{tierNames[d.tier][lang]}）
              </Descriptions.Item>
              <Descriptions.Item label={tx('层级', 'Level')}>{levelNames[d.level][lang]}</Descriptions.Item>
              <Descriptions.Item label={tx('网格', 'Grid')}>{d.gridName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={tx('地址', 'Address')}>{d.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={tx('诉求人', 'Reporter')}>
                {d.reporterName ?? '—'} {d.reporterPhone ?? ''}{' '}
                {d.anonymous && <Tag>{tx('对外匿名', 'Anonymous to the public')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={tx('处置单位', 'Unit')}>
                {d.agencyName ?? (d.handleDueAt ? tx('网格自办', 'The grid') : '—')}
                {d.assists.length > 0 && ` + ${d.assists.map((a) => a.name).join('、')}`}
              </Descriptions.Item>
              <Descriptions.Item label={tx('上报时间', 'Reported')}>{fmtTime(d.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={tx('签收时限', 'Sign-for due')}>{fmtTime(d.signDueAt)}</Descriptions.Item>
              <Descriptions.Item label={tx('办理时限', 'Handling due')}>{fmtTime(d.handleDueAt)}</Descriptions.Item>
              <Descriptions.Item label={tx('评价', 'Rating')}>
                {d.rating ? ratingNames[d.rating][lang] : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={tx('诉求内容', 'Description')} span={2}>
                {d.description}
              </Descriptions.Item>
              {d.result && (
                <Descriptions.Item label={tx('处置结果', 'Result')} span={2}>
                  {d.result}
                </Descriptions.Item>
              )}
            </Descriptions>
            {d.photos.length > 0 && (
              <Image.PreviewGroup>
                <Space wrap>
                  {d.photos.map((p) => (
                    <Image
                      key={p}
                      width={96}
                      src={casesApi.photoUrl(p, true)}
                      preview={{ src: casesApi.photoUrl(p) }}
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
            )}
          </Card>
          {d.duplicates.length > 0 && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              title={tx('附近可能重复的案件', 'Possible duplicates nearby')}
              description={d.duplicates.map((x) => (
                <div key={x.id}>
                  {x.no} {x.title}（{x.distance} 米）
                </div>
              ))}
            />
          )}
          {map && points.length > 0 && (
            <Card size="small" style={{ marginTop: 12 }} title={tx('位置', 'Location')}>
              <GridMap data={map} points={points} focus="points" height={320} />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={tx('办理过程', 'Timeline')}>
            <CaseTimeline detail={d} />
          </Card>
        </Col>
      </Row>
      {acting && (
        <ActionDialog
          detail={d}
          action={acting}
          onClose={(updated) => {
            setActing(null);
            if (updated) {
              client.setQueryData(key, updated);
              // the workbench's queues changed too
              void client.invalidateQueries({
                queryKey: ['cases'],
                exact: false,
                predicate: (q) => q.queryKey[1] !== 'detail',
              });
            }
          }}
        />
      )}
    </Space>
  );
}
