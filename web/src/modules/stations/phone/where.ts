import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useAuth } from '../../../auth.js';
import { regionsApi } from '../../org/api.js';

type Spot = { lng: number; lat: number; from: 'gps' | 'home' };

/** Where the phone is (its GPS when allowed), else the middle of the user's grid. */
export function useWhere(): Spot | null {
  const { me } = useAuth();
  const grid = me?.user.roles.find((r) => r.regionCode && r.regionCode.length >= 12)?.regionCode ?? '';
  const [gps, setGps] = useState<Spot | null | undefined>(undefined);
  useEffect(() => {
    if (!navigator.geolocation) return setGps(null);
    navigator.geolocation.getCurrentPosition(
      (p) => setGps({ lng: p.coords.longitude, lat: p.coords.latitude, from: 'gps' }),
      () => setGps(null),
      { timeout: 5000, maximumAge: 60_000 },
    );
  }, []);
  const map = useQuery({
    queryKey: ['regions', 'map', grid.slice(0, 12)],
    queryFn: () => regionsApi.regionMap(grid.slice(0, 12)),
    enabled: gps === null && grid.length >= 12,
  }).data;
  if (gps) return gps;
  const f = map?.features.find((x) => x.properties.code === grid) ?? map?.features[0];
  if (!f) return null;
  const pts = JSON.stringify(f.geometry.coordinates).match(/-?\d+\.\d+,-?\d+\.\d+/g) ?? [];
  const xy = pts.map((p) => p.split(',').map(Number) as [number, number]);
  if (!xy.length) return null;
  const avg = (i: 0 | 1) => xy.reduce((n, p) => n + p[i], 0) / xy.length;
  return { lng: avg(0), lat: avg(1), from: 'home' };
}
