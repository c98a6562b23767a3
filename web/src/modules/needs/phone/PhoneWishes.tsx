import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Form,
  ImageUploader,
  Input,
  List,
  Popup,
  Selector,
  Stepper,
  Tabs,
  Tag,
  Toast,
  type ImageUploadItem,
} from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { beneficiaryKindNames, beneficiaryKinds } from '../../../../../contracts/needs.js';
import { useAuth } from '../../../auth.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useI18n, useTx } from '../../../i18n.js';
import { casesApi } from '../../cases/api.js';
import { needsApi } from '../api.js';
import { PhoneQueryList, usePhoneRun } from './shared.js';
import { useNeedName } from '../names.js';

type Wish = Awaited<ReturnType<typeof needsApi.wishes>>['items'][number];
const COLOURS: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'default'> = {
  pending: 'warning',
  open: 'primary',
  claimed: 'warning',
  delivered: 'primary',
  confirmed: 'success',
  rejected: 'default',
};

/**
 * 微心愿 on the phone: the community's wall (a first name and the wish — never an address); a
 * resident posts a wish and confirms it came true; a party member, volunteer or unit claims one
 * and delivers it with a photo.
 */
export function PhoneWishes() {
  const name = useNeedName();
  const tx = useTx();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const { me } = useAuth();
  const community = me?.user.roles.find((r) => r.regionCode && r.regionCode.length >= 12)?.regionCode?.slice(0, 12);
  const claimer = me?.abilities.includes('needs.claim') ?? false;
  const [tab, setTab] = useState('wall');
  const wall = useQuery({
    queryKey: ['needs', 'wishes', 'wall', community],
    queryFn: () => needsApi.wishes({ ...(community ? { community } : {}), view: 'wall' }),
  });
  const mine = useQuery({ queryKey: ['needs', 'wishes', 'mine'], queryFn: () => needsApi.wishes({ view: 'mine' }) });
  const [posting, setPosting] = useState(false);
  const [delivering, setDelivering] = useState<Wish | null>(null);
  const [photos, setPhotos] = useState<(ImageUploadItem & { id?: string })[]>([]);
  const { busy, run } = usePhoneRun();

  const row = (w: Wish) => (
    <List.Item
      key={w.id}
      data-testid={`m-wish-${w.id}`}
      description={`${w.shownName} · ${name(w.beneficiaryKindName)} · ${tx(`约 ${w.valueYuan} 元`, `about ${w.valueYuan} yuan`)}${w.claimedBy ? ` · ${tx('认领', 'claimed by')} ${w.claimedBy}` : ''}`}
      extra={
        <>
          <Tag color={COLOURS[w.state]}>{name(w.stateName)}</Tag>
          {claimer && w.state === 'open' && !w.mine && (
            <Button
              size="mini"
              color="primary"
              disabled={busy}
              data-testid={`m-claim-${w.id}`}
              onClick={() =>
                void run(() => needsApi.claim(w.id), tx('认领成功，请尽快送达', 'Claimed: please deliver it soon'))
              }
            >
              {tx('认领', 'Claim')}
            </Button>
          )}
          {w.claimedByMe && w.state === 'claimed' && (
            <Button size="mini" color="primary" data-testid={`m-deliver-${w.id}`} onClick={() => setDelivering(w)}>
              {tx('送达', 'Deliver')}
            </Button>
          )}
          {w.mine && w.state === 'delivered' && (
            <Button
              size="mini"
              color="success"
              disabled={busy}
              data-testid={`m-confirm-${w.id}`}
              onClick={() => void run(() => needsApi.confirm(w.id), tx('心愿已实现，谢谢！', 'Granted: thank you!'))}
            >
              {tx('确认收到', 'Received')}
            </Button>
          )}
        </>
      }
    >
      {w.wish}
    </List.Item>
  );
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('微心愿', 'Micro-wishes')} onBack={() => navigate('/m')} />
      <Tabs activeKey={tab} onChange={setTab}>
        <Tabs.Tab title={tx('心愿墙', 'The wall')} key="wall">
          <PhoneQueryList query={wall} empty={tx('暂无心愿', 'No wishes yet')} testId={'m-wishes-wall'} row={row} />
        </Tabs.Tab>
        <Tabs.Tab title={tx('我的', 'Mine')} key="mine">
          <PhoneQueryList
            query={mine}
            empty={tx('还没有发布或认领心愿', 'Nothing posted or claimed yet')}
            testId={'m-wishes-mine'}
            row={row}
          />
        </Tabs.Tab>
      </Tabs>
      <div style={{ padding: 12 }}>
        <Button block color="primary" data-testid="m-post-wish" onClick={() => setPosting(true)}>
          {tx('发布微心愿', 'Post a wish')}
        </Button>
      </div>
      <Popup
        visible={posting}
        onMaskClick={() => setPosting(false)}
        bodyStyle={{ padding: 12, maxHeight: '85vh', overflow: 'auto' }}
      >
        <Form
          layout="vertical"
          initialValues={{ kind: ['resident'], valueYuan: 50 }}
          onFinish={async (v: { wish?: string; shownName?: string; valueYuan: number; kind: string[] }) => {
            if (!v.wish || v.wish.trim().length < 4)
              return Toast.show(tx('请写下心愿（至少 4 个字）', 'Write the wish (4 characters or more)'));
            if (!v.shownName) return Toast.show(tx('请填写展示的称呼', 'Give the name to show'));
            const ok = await run(
              () =>
                needsApi.postWish({
                  ...(community ? { community } : {}),
                  wish: v.wish ?? '',
                  shownName: v.shownName ?? '',
                  valueYuan: v.valueYuan,
                  beneficiaryKind: (v.kind[0] ?? 'resident') as (typeof beneficiaryKinds)[number],
                }),
              tx('已提交，社区审核后上墙', 'Sent: it goes on the wall once the community approves it'),
            );
            if (ok) {
              setPosting(false);
              setTab('mine');
            }
          }}
          footer={
            <Button block type="submit" color="primary" loading={busy} data-testid="m-wish-submit">
              {tx('提交', 'Send')}
            </Button>
          }
        >
          <Form.Item name="wish" label={tx('心愿', 'The wish')}>
            <Input placeholder={tx('例如：一套小学数学练习册', 'e.g. a maths workbook')} data-testid="m-wish-text" />
          </Form.Item>
          <Form.Item name="valueYuan" label={tx('大约价值（元）', 'About how much (yuan)')}>
            <Stepper min={1} max={100000} step={10} data-testid="m-wish-value" />
          </Form.Item>
          <Form.Item
            name="shownName"
            label={tx('心愿墙上显示的称呼', 'Name shown on the wall')}
            help={tx('只显示称呼，不显示住址', 'Only this name is shown, never the address')}
          >
            <Input placeholder={tx('例如：小明、王奶奶', 'e.g. Xiaoming')} data-testid="m-wish-name" />
          </Form.Item>
          <Form.Item name="kind" label={tx('为谁许愿', 'For whom')}>
            <Selector options={beneficiaryKinds.map((k) => ({ value: k, label: beneficiaryKindNames[k][lang] }))} />
          </Form.Item>
        </Form>
      </Popup>
      <Popup visible={delivering !== null} onMaskClick={() => setDelivering(null)} bodyStyle={{ padding: 12 }}>
        <p>{delivering?.wish}</p>
        <p style={{ color: '#595959' }}>{tx('拍一张送达的照片（可选）', 'A photo of the delivery (optional)')}</p>
        <ImageUploader
          value={photos}
          onChange={setPhotos}
          maxCount={3}
          upload={async (file) => {
            const r = await casesApi.uploadPhoto(file);
            return { url: casesApi.photoUrl(r.id, true), id: r.id };
          }}
        />
        <Button
          block
          color="primary"
          loading={busy}
          style={{ marginTop: 12 }}
          data-testid="m-deliver-submit"
          onClick={async () => {
            if (!delivering) return;
            const ok = await run(
              () =>
                needsApi.deliver(
                  delivering.id,
                  photos.flatMap((p) => (p.id ? [p.id] : [])),
                ),
              tx('已送达，等待心愿人确认', 'Delivered: waiting for confirmation'),
            );
            if (ok) {
              setDelivering(null);
              setPhotos([]);
            }
          }}
        >
          {tx('确认送达', 'Delivered')}
        </Button>
      </Popup>
    </div>
  );
}
