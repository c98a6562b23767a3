import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';

const CARE_TAGS = ['living_alone', 'empty_nest', 'subsistence', 'disabled', 'special_care', 'left_behind_child'];

/** The registry's figures: who lives where (docs/DOMAIN.md "The place tree and the registry"). */
export const registryStats: readonly Stat[] = [
  {
    key: 'registry.households',
    name: { zh: '在册户数', en: 'Households' },
    definition: { zh: '登记在册、未迁出的户', en: 'Registered households that have not left' },
    unit: { zh: '户', en: 'households' },
    action: 'registry.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM households
            WHERE active AND grid_path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'registry.residents',
    name: { zh: '在册居民', en: 'Residents' },
    definition: {
      zh: '在册户中状态为“在住”的居民（不含迁出、死亡）',
      en: 'Residents living in a registered household',
    },
    unit: { zh: '人', en: 'people' },
    action: 'registry.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM residents
            WHERE status = 'active' AND grid_path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'registry.care_residents',
    name: { zh: '重点关爱对象', en: 'Residents needing care' },
    definition: {
      zh: '在住居民中带有独居、空巢、低保、残疾、优抚或留守儿童标签的人数（每人计一次）',
      en: 'Active residents tagged living alone, empty nest, subsistence, disabled, special care or left-behind child (each once)',
    },
    unit: { zh: '人', en: 'people' },
    // sensitive: only those who may read the tags see the figure
    action: 'registry.read_sensitive_tags',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM residents
            WHERE status = 'active' AND grid_path LIKE ${`${path}%`} AND tags && ${CARE_TAGS}::text[]`,
      ),
  },
];
