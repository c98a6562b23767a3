import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, Input, List, ProgressBar, Selector, SpinLoading, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { ApiError } from '../../../lib/http.js';
import { errorMessage } from '../../../lib/query.js';
import { partyApi } from '../api.js';
import { PhoneTasks } from './PhoneTasks.js';

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** 我的党建 on the phone: my organisation and post, record a service, this year's services against the minimum. */
export function PhoneParty() {
  const tx = useTx();
  const navigate = useNavigate();
  const client = useQueryClient();
  const mine = useQuery({ queryKey: ['party', 'me'], queryFn: () => partyApi.me() });
  const [hours, setHours] = useState(1);
  const [what, setWhat] = useState('');
  const [day, setDay] = useState(today());
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await partyApi.recordService({ servedOn: day, hours, what });
      Toast.show({ icon: 'success', content: tx('已记录', 'Recorded') });
      setWhat('');
      await client.invalidateQueries({ queryKey: ['party', 'me'] });
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('我的党建', 'My party work')} onBack={() => navigate('/m')} />
      {mine.isPending && <SpinLoading style={{ margin: '40px auto' }} />}
      {mine.isError && <ErrorBlock status="empty" title={errorMessage(mine.error)} description="" />}
      {mine.data && (
        <>
          <List header={tx('我的组织与岗位', 'My organisation and post')} data-testid="m-party-me">
            <List.Item extra={mine.data.member.status}>{mine.data.member.org}</List.Item>
            <List.Item extra={<b data-testid="m-party-post">{mine.data.member.post ?? tx('未设岗', 'No post yet')}</b>}>
              {tx('岗位', 'Post')}
            </List.Item>
            {mine.data.member.registration && (
              <List.Item extra={mine.data.member.registration.stateName}>
                {tx('双报到', 'Registered with')} · {mine.data.member.registration.community}
              </List.Item>
            )}
            <List.Item
              description={
                <ProgressBar
                  percent={Math.min(100, (mine.data.thisYear.services / Math.max(1, mine.data.thisYear.minimum)) * 100)}
                />
              }
            >
              <span data-testid="m-party-count">
                {tx(
                  `本年服务 ${mine.data.thisYear.services} 次，${mine.data.thisYear.hours} 小时（最低 ${mine.data.thisYear.minimum} 次）`,
                  `${mine.data.thisYear.services} services, ${mine.data.thisYear.hours} h this year (minimum ${mine.data.thisYear.minimum})`,
                )}
              </span>
            </List.Item>
          </List>
          <Form
            layout="horizontal"
            footer={
              <Button
                block
                color="primary"
                size="large"
                loading={saving}
                disabled={what.trim().length < 2}
                onClick={() => void save()}
                data-testid="m-party-save"
              >
                {tx('记录一次服务', 'Record a service')}
              </Button>
            }
          >
            <Form.Header>{tx('记录服务', 'Record a service')}</Form.Header>
            <Form.Item label={tx('日期', 'Date')}>
              <Input type="date" aria-label={tx('日期', 'Date')} value={day} onChange={setDay} />
            </Form.Item>
            <Form.Item label={tx('时长（小时）', 'Hours')}>
              <Selector
                aria-label={tx('时长（小时）', 'Hours')}
                columns={3}
                options={[0.5, 1, 1.5, 2, 3, 4].map((h) => ({ label: `${h} 小时`, value: h }))}
                value={[hours]}
                onChange={(v) => v[0] !== undefined && setHours(v[0])}
              />
            </Form.Item>
            <Form.Item label={tx('服务内容', 'What')}>
              <Input
                data-testid="m-party-what"
                aria-label={tx('服务内容', 'What')}
                placeholder={tx('如：楼道环境巡查', 'e.g. stairwell patrol')}
                value={what}
                onChange={setWhat}
              />
            </Form.Item>
          </Form>
          <PhoneTasks />
          <List header={tx('本年服务记录', 'This year')} data-testid="m-party-services">
            {mine.data.services.map((s) => (
              <List.Item key={s.id} description={`${s.servedOn} · ${s.hours} 小时`}>
                {s.what}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </div>
  );
}
