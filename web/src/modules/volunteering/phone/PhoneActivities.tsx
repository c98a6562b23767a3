import { useQuery } from '@tanstack/react-query';
import { Button, List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../../auth.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { PhoneQueryList, usePhoneRun } from '../../needs/phone/shared.js';
import { pointsApi } from '../api.js';
import { volunteersApi } from '../volunteers-api.js';

type Activity = Awaited<ReturnType<typeof pointsApi.activities>>['items'][number];
const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** 志愿活动: my hours and stars, the community's activities to sign up for; an organiser's show their check-in code. */
export function PhoneActivities() {
  const tx = useTx();
  const navigate = useNavigate();
  const { me } = useAuth();
  const community = me?.user.roles.find((r) => r.regionCode && r.regionCode.length >= 12)?.regionCode?.slice(0, 12);
  const street = community?.slice(0, 9) ?? '';
  const list = useQuery({
    queryKey: ['points', 'activities', community],
    queryFn: () => pointsApi.activities(community ?? ''),
    enabled: Boolean(community),
  });
  const hours = useQuery({ queryKey: ['points', 'hours'], queryFn: () => pointsApi.myHours() });
  const certs = useQuery({ queryKey: ['points', 'certificates', 'mine'], queryFn: () => volunteersApi.mine() });
  const { busy, run } = usePhoneRun('points');
  const row = (a: Activity) => {
    const started = Date.parse(a.startsAt) <= Date.now();
    return (
      <List.Item
        key={a.id}
        data-testid={`m-activity-${a.id}`}
        description={`${a.organisedBy} · ${when(a.startsAt)} · ${a.address} · ${tx(`已报名 ${a.signed}/${a.capacity}`, `${a.signed}/${a.capacity} signed`)}${a.waiting ? tx(`，候补 ${a.waiting}`, `, ${a.waiting} waiting`) : ''}`}
        extra={
          <>
            {a.mine === 'signed' && (
              <Tag color="success">
                {a.checkedOut ? tx('已签退', 'Done') : a.checkedIn ? tx('已签到', 'In') : tx('已报名', 'Signed up')}
              </Tag>
            )}
            {a.mine === 'waiting' && <Tag color="warning">{tx('候补中', 'Waiting')}</Tag>}
            {a.organising && (
              <Button
                size="mini"
                color="primary"
                data-testid={`m-code-${a.id}`}
                onClick={() => navigate(`/m/activities/${a.id}/code?street=${street}`)}
              >
                {tx('签到码', 'Check-in code')}
              </Button>
            )}
            {!a.organising && !started && (a.mine === 'none' || a.mine === 'cancelled') && (
              <Button
                size="mini"
                color="primary"
                disabled={busy}
                data-testid={`m-signup-${a.id}`}
                onClick={() => void run(() => pointsApi.signUp(a.id, street), tx('报名成功', 'Signed up'))}
              >
                {tx('报名', 'Sign up')}
              </Button>
            )}
            {!started && (a.mine === 'signed' || a.mine === 'waiting') && !a.checkedIn && (
              <Button
                size="mini"
                disabled={busy}
                onClick={() => void run(() => pointsApi.cancelSignup(a.id, street), tx('已取消报名', 'Cancelled'))}
              >
                {tx('取消', 'Cancel')}
              </Button>
            )}
          </>
        }
      >
        {a.title}
      </List.Item>
    );
  };
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('志愿活动', 'Volunteering')} onBack={() => navigate('/m')} />
      {hours.data && (
        <div
          style={{
            padding: 16,
            background: '#fff',
            display: 'flex',
            justifyContent: 'space-around',
            textAlign: 'center',
          }}
        >
          <div>
            <div style={{ color: '#595959' }}>{tx('服务时长', 'Hours')}</div>
            <div style={{ fontSize: 24, fontWeight: 600 }} data-testid="m-hours">
              {hours.data.hours}
            </div>
          </div>
          <div>
            <div style={{ color: '#595959' }}>{tx('星级', 'Stars')}</div>
            <div
              style={{ fontSize: 24, fontWeight: 600 }}
              aria-label={tx(`${hours.data.stars} 星`, `${hours.data.stars} stars`)}
            >
              {'★'.repeat(hours.data.stars) || '—'}
            </div>
          </div>
          <div>
            <div style={{ color: '#595959' }}>{tx('志愿者编号', 'Number')}</div>
            <div style={{ fontSize: 12 }}>{hours.data.volunteerNo ?? tx('报名后生成', 'On first sign-up')}</div>
          </div>
        </div>
      )}
      <PhoneQueryList
        query={list}
        empty={tx('社区暂无志愿活动', 'No activities yet')}
        testId="m-activities"
        row={row}
      />
      {(certs.data?.items.length ?? 0) > 0 && (
        <List header={tx('我的志愿服务记录证明', 'My certificates')} data-testid="m-certificates">
          {certs.data?.items.map((c) => (
            <List.Item
              key={c.id}
              description={`${c.issuer} · ${c.issuedOn}`}
              extra={
                <a href={volunteersApi.pdfUrl(c.id, c.streetId)} target="_blank" rel="noreferrer">
                  {tx('查看', 'Open')}
                </a>
              }
            >
              {tx(`${c.hours} 小时`, `${c.hours} h`)}
            </List.Item>
          ))}
        </List>
      )}
      <p style={{ padding: '0 16px', color: '#595959', fontSize: 13 }}>
        {tx(
          '到达活动现场后，用手机扫描组织者出示的二维码签到、签退。',
          'At the site, scan the organiser’s QR code to check in and out.',
        )}
      </p>
    </div>
  );
}
