import type { Generated } from 'kysely';

export type PointsAccountKind = 'holder' | 'issuing' | 'store' | 'expiry';
export type PointsTransactionKind = 'earn' | 'award' | 'redeem' | 'return' | 'reverse' | 'expire';

/** An account of the ledger: a person's (holder), or a community's issuing, store or expiry account. */
export type PointsAccountsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  kind: PointsAccountKind;
  user_id: number | null;
  balance: Generated<number>;
  created_at: Generated<Date>;
};

export type PointsTransactionsTable = {
  street_id: string;
  id: Generated<number>;
  kind: PointsTransactionKind;
  source_kind: string | null;
  source_id: string | null;
  idempotency_key: string | null;
  reverses_id: number | null;
  note: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
};

export type PointsEntriesTable = {
  street_id: string;
  id: Generated<number>;
  transaction_id: number;
  account_id: number;
  amount: number;
};

export type StoreGoodsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  name: string;
  price: number;
  stock: number;
  active: Generated<boolean>;
  created_at: Generated<Date>;
};

export type RedemptionsTable = {
  street_id: string;
  id: Generated<number>;
  goods_id: number;
  user_id: number;
  quantity: number;
  points: number;
  state: Generated<'reserved' | 'picked_up' | 'cancelled'>;
  pickup_code: string;
  transaction_id: number;
  expires_at: Date;
  done_at: Date | null;
  done_by: number | null;
  created_at: Generated<Date>;
};

declare module '../../core/tables.js' {
  interface Tables {
    points_accounts: PointsAccountsTable;
    points_transactions: PointsTransactionsTable;
    points_entries: PointsEntriesTable;
    store_goods: StoreGoodsTable;
    redemptions: RedemptionsTable;
  }
}
