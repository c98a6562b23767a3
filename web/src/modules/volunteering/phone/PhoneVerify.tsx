import { useQuery } from '@tanstack/react-query';
import { List, Result, SpinLoading } from 'antd-mobile';
import { useParams, useSearchParams } from 'react-router-dom';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { volunteersApi } from '../volunteers-api.js';

/**
 * 证明核验 (public, no sign-in): the page a certificate's QR opens. It says whether the paper is genuine and what it
 * should say — issuer, date, period, hours — never who it is about (compare those with the paper in your hand).
 */
export function PhoneVerify() {
  const tx = useTx();
  const { certNo = '' } = useParams();
  const [params] = useSearchParams();
  const q = useQuery({
    queryKey: ['certificate-check', certNo, params.get('c')],
    queryFn: () => volunteersApi.check(certNo, params.get('c') ?? ''),
  });
  const c = q.data;
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('志愿服务记录证明核验', 'Verify a certificate')} />
      {q.isPending && <SpinLoading style={{ margin: '30vh auto' }} />}
      {q.isError && <Result status="error" title={tx('暂时无法核验，请稍后再试', 'Cannot check now')} />}
      {c && (
        <>
          <Result
            data-testid="m-verify-result"
            status={c.genuine ? 'success' : 'error'}
            title={
              c.genuine
                ? tx('证明真实有效', 'The certificate is genuine')
                : c.revoked
                  ? tx('该证明已作废', 'The certificate was revoked')
                  : tx('未查到该证明，请核对', 'No such certificate')
            }
            description={
              c.genuine
                ? tx('请核对下列信息与纸质证明一致', 'Check that the paper says the same')
                : tx('证明编号或核验码不正确，或证明不是本系统出具', 'The number or code is wrong')
            }
          />
          {c.genuine && (
            <List data-testid="m-verify-facts">
              <List.Item extra={c.certNo}>{tx('证明编号', 'Number')}</List.Item>
              <List.Item extra={c.issuer}>{tx('出具组织', 'Issuer')}</List.Item>
              <List.Item extra={c.issuedOn}>{tx('出具日期', 'Issued on')}</List.Item>
              <List.Item extra={`${c.periodFrom} ~ ${c.periodTo}`}>{tx('服务期间', 'Period')}</List.Item>
              <List.Item extra={tx(`${c.hours?.toFixed(2)} 小时`, `${c.hours?.toFixed(2)} h`)}>
                {tx('服务时长', 'Hours')}
              </List.Item>
            </List>
          )}
        </>
      )}
    </div>
  );
}
