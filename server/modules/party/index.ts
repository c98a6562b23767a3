import { partySettingsSchema } from '../../../contracts/party.js';
import type { ModuleManifest } from '../../core/module.js';
import * as party from './migrations/20261204-0100-party.js';
import * as alliance from './migrations/20261204-0200-party-alliance.js';
import * as units from './migrations/20261205-0100-party-units.js';
import * as unitReports from './migrations/20261207-0100-party-unit-reports.js';
import { partyRules } from './permissions.js';
import { partyRoutes } from './routes.js';
import { partySeed } from './seed/index.js';
import { partyStats } from './stats.js';

export { jointMeetingsOf } from './joint-meetings.js';

/**
 * 党建引领 (module `party`, docs/DOMAIN.md §4): the party organisation from the street's working
 * committee down to building groups, its officers and members, the community's posts, 双报到 of
 * in-service members and their service records. Member lists are sensitive (political
 * affiliation): the community secretary and the organisation's own officers only.
 */
export const partyModule: ModuleManifest = {
  name: 'party',
  migrations: {
    '20261204-0100-party': party,
    '20261204-0200-party-alliance': alliance,
    '20261205-0100-party-units': units,
    '20261207-0100-party-unit-reports': unitReports,
  },
  routes: partyRoutes,
  tables: {
    party_orgs: { kind: 'distributed' },
    party_org_events: { kind: 'distributed' },
    party_members: { kind: 'distributed' },
    party_officers: { kind: 'distributed' },
    party_posts: { kind: 'distributed' },
    dual_registrations: { kind: 'distributed' },
    party_services: { kind: 'distributed' },
    party_agreements: { kind: 'distributed' },
    party_agreement_items: { kind: 'distributed' },
    party_agreement_progress: { kind: 'distributed' },
    party_meetings: { kind: 'distributed' },
    party_resolutions: { kind: 'distributed' },
    party_units: { kind: 'distributed' },
    party_unit_reviews: { kind: 'distributed' },
    party_unit_reports: { kind: 'distributed' },
    party_unit_services: { kind: 'distributed' },
  },
  actions: ['party.read', 'party.read_members', 'party.manage', 'party.read_unit', 'party.act_for_unit', 'party.serve'],
  rules: partyRules,
  selfActions: ['party.serve'],
  sealedColumns: [
    { table: 'party_units', id: 'agency_id', cipher: 'contact_phone_cipher', hash: 'contact_phone_hash' },
  ],
  config: { schema: partySettingsSchema, action: 'party.manage' },
  seed: partySeed,
  stats: partyStats,
};
