import type { ModuleManifest } from '../../core/module.js';
import * as stations from './migrations/20261219-0100-stations.js';
import * as canteen from './migrations/20261219-0200-canteen.js';
import { stationsRules } from './permissions.js';
import { remindAppointments } from './reminders.js';
import { stationsRoutes } from './routes.js';
import { stationsSeed } from './seed/index.js';
import { stationsStats } from './stats.js';

export { coveredBy, radiusOf, suggestSites, SpotIndex } from './coverage.js';
export { openState, periodsOn } from './hours.js';

/**
 * 党群服务阵地与服务清单 (module `stations`, docs/DOMAIN.md "Stations and services"): stations of every kind with their
 * hours on the street's holiday calendar, what they lend, the 15-minute circle, the service catalogue, appointments
 * that never overbook a slot, and 代办 for those who cannot come.
 */
export const stationsModule: ModuleManifest = {
  name: 'stations',
  migrations: { '20261219-0100-stations': stations, '20261219-0200-canteen': canteen },
  routes: stationsRoutes,
  tables: {
    stations: { kind: 'distributed' },
    station_facilities: { kind: 'distributed' },
    facility_loans: { kind: 'distributed' },
    service_categories: { kind: 'distributed' },
    service_items: { kind: 'distributed' },
    appointment_slots: { kind: 'distributed' },
    appointments: { kind: 'distributed' },
    proxy_requests: { kind: 'distributed' },
    canteen_meals: { kind: 'distributed' },
  },
  actions: ['stations.read', 'stations.manage', 'stations.serve', 'stations.book'],
  selfActions: ['stations.book'],
  rules: stationsRules,
  jobs: [{ name: 'stations.reminders', everyMs: 600_000, run: (ctx) => remindAppointments(ctx.db) }],
  seed: stationsSeed,
  stats: stationsStats,
};
