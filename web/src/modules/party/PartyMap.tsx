import { useQuery } from '@tanstack/react-query';
import { Col, Row, Table, Tag } from 'antd';
import { GridMap } from '../../components/GridMap.js';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { regionsApi } from '../org/api.js';
import { partyApi } from './api.js';

const WITH_BRANCH = '#fde2e4';
const WITHOUT = '#f0efeb';

/** 党建地图: grids coloured by whether a branch serves them, buildings with a group or 共产党员户 marked. */
export function PartyMap({ community }: { community: string }) {
  const tx = useTx();
  const layer = useQuery({ queryKey: ['party', 'layer', community], queryFn: () => partyApi.layer(community) });
  const map = useQuery({ queryKey: ['regions', 'map', community], queryFn: () => regionsApi.regionMap(community) });
  return (
    <Loaded query={layer}>
      {(l) => {
        const colors = Object.fromEntries(l.grids.map((g) => [g.code, g.branch ? WITH_BRANCH : WITHOUT]));
        const labels = Object.fromEntries(
          l.grids.map((g) => [
            g.code,
            `${g.branch ?? tx('未建支部', 'no branch')} · ${tx('党员户', 'party homes')} ${g.markedHouseholds}`,
          ]),
        );
        const points = l.buildings.flatMap((b) =>
          b.lng !== null && b.lat !== null
            ? [
                {
                  lng: b.lng,
                  lat: b.lat,
                  name: [b.name, b.group, b.markedHouseholds > 0 ? `共产党员户 ${b.markedHouseholds}` : null]
                    .filter(Boolean)
                    .join(' · '),
                },
              ]
            : [],
        );
        return (
          <Row gutter={16}>
            <Col xs={24} lg={14}>
              {map.data && <GridMap data={map.data} colors={colors} labels={labels} points={points} />}
            </Col>
            <Col xs={24} lg={10}>
              <Table
                data-testid="party-map-grids"
                rowKey="code"
                size="small"
                pagination={false}
                dataSource={l.grids}
                columns={[
                  { title: tx('网格', 'Grid'), dataIndex: 'name', className: 'nowrap' },
                  {
                    title: tx('党支部', 'Branch'),
                    dataIndex: 'branch',
                    render: (v: string | null) => v ?? <Tag>{tx('未建', 'none')}</Tag>,
                  },
                  { title: tx('共产党员户', 'Party homes'), dataIndex: 'markedHouseholds', align: 'right' },
                ]}
              />
              <Table
                style={{ marginTop: 12 }}
                data-testid="party-map-buildings"
                rowKey="id"
                size="small"
                pagination={{ pageSize: 8 }}
                dataSource={l.buildings}
                columns={[
                  { title: tx('楼栋', 'Building'), dataIndex: 'name', className: 'nowrap' },
                  { title: tx('楼栋党小组', 'Group'), dataIndex: 'group', render: (v: string | null) => v ?? '—' },
                  { title: tx('共产党员户', 'Party homes'), dataIndex: 'markedHouseholds', align: 'right' },
                ]}
              />
            </Col>
          </Row>
        );
      }}
    </Loaded>
  );
}
