import type { Seed } from '../../../core/seed.js';
import { loadDemoCases } from './cases.js';

/** A year of cases through every path of the loop, so the workbench and the indicators mean something. */
export const casesSeed: Seed = {
  async load({ db, keyring, streetId, apiKey, size, onProgress }) {
    onProgress?.('生成一年的案件 / generating a year of cases');
    return loadDemoCases({
      db,
      keyring,
      streetId,
      apiKey,
      ...(size.casesPerDay !== undefined ? { perDay: size.casesPerDay } : {}),
    });
  },
};
