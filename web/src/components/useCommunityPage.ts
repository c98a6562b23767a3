import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth.js';

/**
 * A console page about one community with tabs and filters in the address: the user's home place,
 * the community picked (else the home's), the tab (else `defaultTab`), and `set` to change the
 * address (empty values removed) so a link reproduces the view.
 */
export function useCommunityPage(defaultTab: string) {
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const home = me?.user.roles.find((r) => r.regionCode)?.regionCode ?? '';
  const picked = params.get('community') ?? undefined;
  const community = picked && picked.length === 12 ? picked : home.length >= 12 ? home.slice(0, 12) : undefined;
  const tab = params.get('tab') ?? defaultTab;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return { home, params, community, tab, set };
}
