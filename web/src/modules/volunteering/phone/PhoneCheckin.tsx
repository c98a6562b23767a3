import { useQuery } from '@tanstack/react-query';
import { Button, ErrorBlock, Result } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import QRCode from 'qrcode';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { ApiError } from '../../../lib/http.js';
import { errorMessage } from '../../../lib/query.js';
import { pointsApi } from '../api.js';

/** The phone's position if it gives one within a few seconds (a missing one flags the record, it does not refuse it). */
function position(): Promise<{ lng: number; lat: number } | null> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lng: p.coords.longitude, lat: p.coords.latitude }),
      () => resolve(null),
      { timeout: 5_000, maximumAge: 60_000 },
    );
  });
}

/** Where a scanned code leads: 签到 or 签退 with the code in the address (the phone's camera opens it). */
export function PhoneCheckin() {
  const tx = useTx();
  const navigate = useNavigate();
  const [q] = useSearchParams();
  const street = q.get('street') ?? '';
  const activityId = Number(q.get('a'));
  const token = q.get('t') ?? '';
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: 'in' | 'out') => {
    setBusy(true);
    setError(null);
    try {
      const r = await pointsApi.scan({ street, activityId, token, action, point: await position() });
      setDone(
        action === 'in'
          ? tx('签到成功，服务结束时请再次扫码签退', 'Checked in: scan again when you finish')
          : tx(
              `签退成功，本次服务 ${r.hours ?? 0} 小时，待组织者确认`,
              `Checked out: ${r.hours ?? 0} hours, to be confirmed`,
            ),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', background: '#fff' }}>
      <PhoneBar title={tx('扫码签到', 'Check in')} onBack={() => navigate('/m/activities')} />
      {done ? (
        <Result status="success" title={done} />
      ) : (
        <div style={{ padding: 24, display: 'grid', gap: 16 }}>
          {error && <ErrorBlock status="default" title={error} description="" />}
          <Button
            block
            color="primary"
            size="large"
            loading={busy}
            data-testid="m-checkin"
            onClick={() => void act('in')}
          >
            {tx('签到', 'Check in')}
          </Button>
          <Button block size="large" loading={busy} data-testid="m-checkout" onClick={() => void act('out')}>
            {tx('签退', 'Check out')}
          </Button>
        </div>
      )}
    </div>
  );
}

/** The organiser's check-in code: a QR of the check-in address, renewed as the code turns (every 30 seconds). */
export function PhoneCheckinCode() {
  const tx = useTx();
  const navigate = useNavigate();
  const { id } = useParams();
  const activityId = Number(id);
  const [q] = useSearchParams();
  const street = q.get('street') ?? '';
  const code = useQuery({
    queryKey: ['points', 'code', activityId, street],
    queryFn: async () => {
      const c = await pointsApi.checkinCode(activityId, street);
      const url = `${window.location.origin}/m/checkin?street=${street}&a=${activityId}&t=${encodeURIComponent(c.token)}`;
      return { ...c, url, image: await QRCode.toDataURL(url, { width: 280, margin: 1 }) };
    },
    refetchInterval: 10_000,
  });
  return (
    <div style={{ minHeight: '100vh', background: '#fff', textAlign: 'center' }}>
      <PhoneBar title={tx('签到二维码', 'Check-in code')} onBack={() => navigate('/m/activities')} />
      {code.isError && <ErrorBlock status="default" title={errorMessage(code.error)} description="" />}
      {code.data && (
        <div style={{ padding: 24 }}>
          <img src={code.data.image} alt={tx('签到二维码', 'Check-in QR code')} width={280} height={280} />
          <p style={{ color: '#595959' }}>
            {tx(
              '请志愿者用手机扫码签到、签退；二维码每 30 秒更新',
              'Volunteers scan it to check in and out; it changes every 30 seconds',
            )}
          </p>
          <a
            href={code.data.url}
            data-testid="m-code-link"
            style={{ fontSize: 12, wordBreak: 'break-all', color: '#595959' }}
          >
            {tx('签到链接', 'Check-in link')}
          </a>
        </div>
      )}
    </div>
  );
}
