import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from 'antd';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { volunteersApi } from './volunteers-api.js';

/** 证明: the certificates the community issued (as on the paper: the ID masked), each printable again (audited). */
export function Certificates({ community }: { community: string }) {
  const tx = useTx();
  const list = useQuery({
    queryKey: ['points', 'certificates', community],
    queryFn: () => volunteersApi.certificates(community),
  });
  return (
    <Loaded query={list}>
      {(d) => (
        <Table
          data-testid="certificates"
          size="small"
          rowKey="id"
          dataSource={d.items}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: tx('证明编号', 'Number'), dataIndex: 'certNo' },
            { title: tx('姓名', 'Name'), dataIndex: 'holderName' },
            { title: tx('证件号码', 'ID'), dataIndex: 'idMasked' },
            { title: tx('志愿者编号', 'Volunteer no.'), dataIndex: 'volunteerNo' },
            { title: tx('服务期间', 'Period'), render: (_, c) => `${c.periodFrom} ~ ${c.periodTo}` },
            { title: tx('时长（小时）', 'Hours'), dataIndex: 'hours', align: 'right' },
            { title: tx('经办人', 'Handler'), dataIndex: 'handler' },
            { title: tx('出具日期', 'Issued'), dataIndex: 'issuedOn' },
            {
              title: tx('操作', 'Actions'),
              render: (_, c) =>
                c.revoked ? (
                  <Tag>{tx('已作废', 'Revoked')}</Tag>
                ) : (
                  <a href={volunteersApi.pdfUrl(c.id, community.slice(0, 9))} target="_blank" rel="noreferrer">
                    {tx('打印', 'Print')}
                  </a>
                ),
            },
          ]}
        />
      )}
    </Loaded>
  );
}
