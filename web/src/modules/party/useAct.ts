import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { ApiError } from '../../lib/http.js';

/** Runs an action: its success message, the server’s own words on failure, the views under `refresh` (a query key) refreshed. */
export function useAct(refresh: string = 'party') {
  const client = useQueryClient();
  const { message } = App.useApp();
  return async (f: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await f();
      message.success(done);
      void client.invalidateQueries({ queryKey: [refresh] });
      return true;
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      return false;
    }
  };
}

/** Today in Beijing time, YYYY-MM-DD. */
export const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
