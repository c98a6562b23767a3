import { regionsApi } from '../modules/org/api.js';
import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input } from 'antd';
import { useEffect, useState } from 'react';
import type { RegionSearchResult } from '../../../contracts/regions.js';
import { useTx } from '../i18n.js';

/** Header search: type part of a name (or a code), pick a region, go to it. */
export function RegionSwitcher({ onPick }: { onPick: (code: string) => void }) {
  const tx = useTx();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<RegionSearchResult['items']>([]);
  useEffect(() => {
    const query = q.trim();
    if (!query) return setItems([]);
    let live = true;
    const timer = setTimeout(() => {
      regionsApi
        .searchRegions(query, 15)
        .then((r) => live && setItems(r.items))
        .catch(() => live && setItems([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  return (
    <AutoComplete
      style={{ width: 360 }}
      value={q}
      onChange={setQ}
      onSelect={(code: string) => {
        setQ('');
        onPick(code);
      }}
      options={items.map((r) => ({
        value: r.code,
        label: (
          <span data-testid={`switch-${r.code}`}>
            {r.name}{' '}
            <span style={{ color: 'rgba(0, 0, 0, 0.62)' }}>{[...r.pathNames].reverse().slice(0, 2).join(' · ')}</span>
          </span>
        ),
      }))}
    >
      <Input
        prefix={<SearchOutlined />}
        placeholder={tx('搜索区划，如：庆城', 'Find a region, e.g. 庆城')}
        allowClear
      />
    </AutoComplete>
  );
}
