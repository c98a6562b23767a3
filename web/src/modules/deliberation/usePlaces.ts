import { useQuery } from '@tanstack/react-query';
import { regionsApi } from '../org/api.js';
import { registryApi } from '../registry/api.js';

/** The community's grids and buildings, as options for an invitation or a notice's audience. */
export function usePlaces(community: string) {
  const place = useQuery({ queryKey: ['region', community], queryFn: () => regionsApi.region(community) });
  const buildings = useQuery({
    queryKey: ['registry', 'buildings', community],
    queryFn: () => registryApi.buildings(community),
  });
  return {
    grids: (place.data?.children ?? []).map((g) => ({ value: g.code, label: g.name })),
    buildings: (buildings.data?.items ?? []).map((b) => ({
      value: b.id,
      label: `${b.gridName ? `${b.gridName} ` : ''}${b.name}`,
    })),
  };
}
