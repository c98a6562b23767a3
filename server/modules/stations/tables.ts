import type { ColumnType, Generated } from 'kysely';
import type { FacilityKind, HoursSpec, StationKind } from '../../../contracts/stations.js';

export type StationsTable = {
  street_id: string;
  id: Generated<number>;
  region_code: string;
  region_path: string;
  kind: StationKind;
  name: string;
  address: string;
  lng: number;
  lat: number;
  contact_name: string | null;
  contact_phone: string | null;
  hours: ColumnType<HoursSpec, string, string>;
  slot_minutes: Generated<number>;
  slot_capacity: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
export type StationFacilitiesTable = {
  street_id: string;
  id: Generated<number>;
  station_id: number;
  kind: FacilityKind;
  name: string;
  stock: number;
  on_loan: Generated<number>;
};
export type FacilityLoansTable = {
  street_id: string;
  id: Generated<number>;
  facility_id: number;
  borrower: string;
  user_id: number | null;
  lent_at: Generated<Date>;
  lent_by: number | null;
  due_at: Date | null;
  returned_at: Date | null;
  received_by: number | null;
};
export type ServiceCategoriesTable = {
  street_id: string;
  id: Generated<number>;
  name: string;
  sort: Generated<number>;
};
export type ServiceItemsTable = {
  street_id: string;
  id: Generated<number>;
  category_id: number;
  community_code: string | null;
  community_key: Generated<string>;
  code: string;
  name: string;
  who: string;
  materials: string[];
  channels: ('online' | 'station' | 'proxy')[];
  time_limit: string;
  fee: Generated<string>;
  active: Generated<boolean>;
};
export type AppointmentSlotsTable = {
  street_id: string;
  station_id: number;
  starts_at: Date;
  capacity: number;
  booked: number;
};
export type AppointmentsTable = {
  street_id: string;
  id: Generated<number>;
  station_id: number;
  item_id: number;
  /** The resident's account; null when the staff booked for them (a phone call, at the window). */
  user_id: number | null;
  name: string;
  booked_by: number | null;
  starts_at: Date;
  state: Generated<'booked' | 'checked_in' | 'no_show' | 'cancelled'>;
  created_at: Generated<Date>;
  reminded_at: Date | null;
  done_at: Date | null;
  done_by: number | null;
};
export type ProxyRequestsTable = {
  street_id: string;
  id: Generated<number>;
  station_id: number;
  item_id: number;
  resident: string;
  reason: 'elderly' | 'disabled' | 'ill' | 'other';
  worker_id: number;
  state: Generated<'received' | 'done' | 'returned'>;
  /** Each material: its name, when it was received and when it was handed back. */
  materials: ColumnType<{ name: string; receivedAt: string; returnedAt: string | null }[], string, string>;
  received_at: Generated<Date>;
  done_at: Date | null;
  returned_at: Date | null;
  signed_by: string | null;
};

declare module '../../core/tables.js' {
  interface Tables {
    stations: StationsTable;
    station_facilities: StationFacilitiesTable;
    facility_loans: FacilityLoansTable;
    service_categories: ServiceCategoriesTable;
    service_items: ServiceItemsTable;
    appointment_slots: AppointmentSlotsTable;
    appointments: AppointmentsTable;
    proxy_requests: ProxyRequestsTable;
  }
}

export type CanteenMealsTable = {
  street_id: string;
  id: Generated<number>;
  station_id: number;
  served_on: ColumnType<string, string, string>;
  meal: 'lunch' | 'dinner';
  diner: string;
  care_subject_id: number | null;
  price: ColumnType<string, string | number, string | number>;
  subsidy: ColumnType<string, string | number, string | number>;
  served_by: number | null;
  created_at: Generated<Date>;
};
declare module '../../core/tables.js' {
  interface Tables {
    canteen_meals: CanteenMealsTable;
  }
}
