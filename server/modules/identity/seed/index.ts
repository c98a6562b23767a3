import type { Seed } from '../../../core/seed.js';
import { loadDemoAccounts, removeDemoAccounts } from './accounts.js';

/** One demo account per role (and the administrators), all with the demo password. */
export const identitySeed: Seed = {
  async load({ db, keyring, password, onProgress }) {
    onProgress?.('创建演示账号 / creating the demo accounts');
    return { accounts: await loadDemoAccounts(db, keyring, password) };
  },
  reset: (db, streetId) => removeDemoAccounts(db, streetId),
};
