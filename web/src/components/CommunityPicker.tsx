import { useQuery } from '@tanstack/react-query';
import { Select, Space } from 'antd';
import { useTx } from '../i18n.js';
import { regionsApi } from '../modules/org/api.js';

/**
 * For those who work above a community (a street's command centre, a district): pick the community
 * to open — the street's communities, or first the district's street. Nothing to pick below that.
 */
export function CommunityPicker({
  home,
  value,
  onChange,
}: {
  /** The code of the place the user's role is bound to. */
  home: string;
  value: string | undefined;
  onChange: (community: string) => void;
}) {
  const tx = useTx();
  const street = value ? value.slice(0, 9) : home.length === 9 ? home : undefined;
  const streets = useQuery({
    queryKey: ['regions', home],
    queryFn: () => regionsApi.region(home),
    enabled: home.length < 9,
  });
  const communities = useQuery({
    queryKey: ['regions', street],
    queryFn: () => regionsApi.region(street ?? ''),
    enabled: street !== undefined,
  });
  if (home.length >= 12) return null;
  return (
    <Space wrap>
      {home.length < 9 && (
        <Select
          aria-label={tx('街道', 'Street')}
          style={{ width: 180 }}
          placeholder={tx('选择街道', 'Pick a street')}
          value={street}
          onChange={(s: string) => onChange(s)}
          options={(streets.data?.children ?? []).map((c) => ({ value: c.code, label: c.name }))}
        />
      )}
      <Select
        data-testid="community-picker"
        aria-label={tx('社区', 'Community')}
        style={{ width: 200 }}
        placeholder={tx('选择社区', 'Pick a community')}
        value={value && value.length === 12 ? value : undefined}
        loading={communities.isFetching}
        onChange={onChange}
        options={(communities.data?.children ?? [])
          .filter((c) => c.level === 'community')
          .map((c) => ({ value: c.code, label: c.name }))}
      />
    </Space>
  );
}
