import type { ColumnType, Generated } from 'kysely';

type Day = ColumnType<string, string, string>;

/** 资源清单: what a unit, organisation, team or member offers, with how much is left. */
export type ResourcesTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string | null;
  kind: 'venue' | 'service' | 'goods' | 'fund';
  category: string;
  title: string;
  detail: Generated<string>;
  owner_kind: 'unit' | 'organisation' | 'team' | 'member';
  agency_id: number | null;
  owner_name: string | null;
  address: Generated<string>;
  lng: number | null;
  lat: number | null;
  capacity: number;
  capacity_left: number;
  for_whom: Generated<string>;
  valid_from: Day;
  valid_to: Day;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Date>;
};

/** 需求清单: one need, from one source record (a visit's finding, a case, a survey, a resident, staff). */
export type NeedsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  grid_path: string | null;
  category: string;
  title: string;
  detail: Generated<string>;
  requester_kind: 'resident' | 'household' | 'building' | 'community';
  resident_id: number | null;
  household_id: number | null;
  building_id: number | null;
  lng: number | null;
  lat: number | null;
  source: 'visit' | 'case' | 'survey' | 'resident' | 'staff';
  source_ref: number | null;
  urgency: Generated<'normal' | 'urgent'>;
  privacy: 'public' | 'community' | 'private';
  state: Generated<'open' | 'matched' | 'fallback' | 'met' | 'closed'>;
  falls_back_at: Date;
  fallback_user_id: number | null;
  met_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
};

/** 项目清单: a need met by a resource, with its owner, schedule and the beneficiaries' rating. */
export type NeedProjectsTable = {
  street_id: string;
  id: Generated<number>;
  need_id: number;
  resource_id: number;
  owner_id: number;
  starts_on: Day;
  ends_on: Day;
  beneficiaries: Generated<number>;
  budget_fen: number | null;
  note: Generated<string>;
  state: Generated<'active' | 'done' | 'cancelled'>;
  rating: number | null;
  rating_comment: Generated<string>;
  created_at: Generated<Date>;
  done_at: Date | null;
};

/** 微心愿: a small wish, reviewed, claimed by a member, volunteer or unit, delivered and confirmed. */
export type WishesTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  poster_id: number;
  beneficiary_kind: 'child' | 'elderly' | 'hardship' | 'resident';
  shown_name: string;
  wish: string;
  value_yuan: number;
  state: Generated<'pending' | 'open' | 'claimed' | 'delivered' | 'confirmed' | 'rejected'>;
  reviewed_by: number | null;
  review_reason: Generated<string>;
  claimed_by: number | null;
  claimed_at: Date | null;
  delivered_at: Date | null;
  confirmed_at: Date | null;
  created_at: Generated<Date>;
};

export type WishPhotosTable = {
  street_id: string;
  id: string;
  wish_id: number;
  mime: string;
  data: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  created_at: Generated<Date>;
};

export type MenuOrderState = 'ordered' | 'passed' | 'taken' | 'assigned' | 'delivered' | 'rated' | 'cancelled';

/** 点单: a resident's order of a community service, through the community, a unit and a member. */
export type MenuOrdersTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  resource_id: number;
  orderer_id: number;
  note: Generated<string>;
  state: Generated<MenuOrderState>;
  agency_id: number | null;
  assignee_id: number | null;
  step_started_at: Generated<Date>;
  step_due_at: Date;
  rating: number | null;
  rating_comment: Generated<string>;
  created_at: Generated<Date>;
};

export type MenuOrderStepsTable = {
  street_id: string;
  id: Generated<number>;
  order_id: number;
  step: 'order' | 'pass' | 'take' | 'decline' | 'assign' | 'deliver' | 'rate' | 'cancel';
  actor_id: number | null;
  note: Generated<string>;
  at: Generated<Date>;
};

/** A project's milestone, done with evidence (words and photos in `need_evidence`). */
export type ProjectMilestonesTable = {
  street_id: string;
  id: Generated<number>;
  project_id: number;
  title: string;
  due_on: Day;
  done_at: Date | null;
  done_by: number | null;
  evidence: Generated<string>;
};

/** 政府购买服务: a social organisation contracted for deliverables, paid in instalments. */
export type PurchasesTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string | null;
  title: string;
  agency_id: number;
  contract_no: string;
  fund_source: Generated<string>;
  signed_on: Day;
  starts_on: Day;
  ends_on: Day;
  budget_fen: number;
  created_by: number | null;
  created_at: Generated<Date>;
};

export type PurchaseItemsTable = {
  street_id: string;
  id: Generated<number>;
  purchase_id: number;
  need_id: number | null;
  category: string;
  title: string;
  unit: string;
  target: number;
  accepted: Generated<number>;
};

export type PurchaseAcceptancesTable = {
  street_id: string;
  id: Generated<number>;
  purchase_id: number;
  item_id: number;
  count: number;
  evidence: string;
  accepted_by: number | null;
  accepted_at: Generated<Date>;
};

export type PurchasePaymentsTable = {
  street_id: string;
  id: Generated<number>;
  purchase_id: number;
  position: number;
  milestone: string;
  amount_fen: number;
  after_share: number;
  due_on: Day;
  paid_at: Date | null;
  paid_by: number | null;
};

export type NeedEvidenceTable = {
  street_id: string;
  id: string;
  milestone_id: number | null;
  acceptance_id: number | null;
  mime: string;
  data: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  created_at: Generated<Date>;
};

declare module '../../core/tables.js' {
  interface Tables {
    resources: ResourcesTable;
    needs: NeedsTable;
    need_projects: NeedProjectsTable;
    wishes: WishesTable;
    wish_photos: WishPhotosTable;
    menu_orders: MenuOrdersTable;
    menu_order_steps: MenuOrderStepsTable;
    project_milestones: ProjectMilestonesTable;
    purchases: PurchasesTable;
    purchase_items: PurchaseItemsTable;
    purchase_acceptances: PurchaseAcceptancesTable;
    purchase_payments: PurchasePaymentsTable;
    need_evidence: NeedEvidenceTable;
  }
}
