import type { BallotFile, Channel, Choice } from '../../../contracts/votes.js';
import type { Executor } from '../../core/db.js';
import { tally } from './tally.js';

/** Owners whose counted ballots on an item come from two channels: shown for resolution, not counted until then. */
export type Conflict = {
  voter: string;
  pseudonym: string;
  item: number;
  ballots: { channel: Channel; choice: Choice }[];
};

/**
 * The ballot file of one item (README "Recounting a vote"): the snapshot's units under their owners' pseudonyms, and
 * each owner's counted ballot. The same file is published when the vote closes and counted by `tally` on the server
 * and by `linli votes tally`. Owners in conflict are left out (and returned) until the staff resolve it.
 */
export async function ballotFileOf(
  db: Executor,
  streetId: string,
  vote: { id: number; non_voters_with_majority: boolean },
  item: { no: number; matter: number },
) {
  const units = await db
    .selectFrom('owner_vote_units as u')
    .innerJoin('owner_vote_voters as v', (j) =>
      j.onRef('v.street_id', '=', 'u.street_id').onRef('v.vote_id', '=', 'u.vote_id').onRef('v.voter', '=', 'u.voter'),
    )
    .select(['u.label', 'u.area', 'v.pseudonym', 'v.developer'])
    .where('u.street_id', '=', streetId)
    .where('u.vote_id', '=', vote.id)
    .orderBy('u.label')
    .execute();
  const ballots = await db
    .selectFrom('owner_ballots as b')
    .innerJoin('owner_vote_voters as v', (j) =>
      j.onRef('v.street_id', '=', 'b.street_id').onRef('v.vote_id', '=', 'b.vote_id').onRef('v.voter', '=', 'b.voter'),
    )
    .select(['b.voter', 'v.pseudonym', 'b.channel', 'b.choice'])
    .where('b.street_id', '=', streetId)
    .where('b.vote_id', '=', vote.id)
    .where('b.item_no', '=', item.no)
    .where('b.state', '=', 'counted')
    .orderBy('v.pseudonym')
    .execute();
  const byVoter = new Map<string, typeof ballots>();
  for (const b of ballots) byVoter.set(b.voter, [...(byVoter.get(b.voter) ?? []), b]);
  const conflicts: Conflict[] = [];
  const counted: BallotFile['ballots'] = [];
  for (const [voter, bs] of byVoter) {
    const first = bs[0];
    if (!first) continue;
    if (bs.length > 1)
      conflicts.push({
        voter,
        pseudonym: first.pseudonym,
        item: item.no,
        ballots: bs.map((b) => ({ channel: b.channel, choice: b.choice })),
      });
    else counted.push({ owner: first.pseudonym, choice: first.choice });
  }
  const file: BallotFile = {
    matter: item.matter,
    units: units.map((u) => ({
      unit: u.label,
      owner: u.pseudonym,
      area: trimArea(u.area),
      ...(u.developer ? { developerUnsold: true } : {}),
    })),
    ballots: counted,
    nonVotersWithMajority: vote.non_voters_with_majority,
  };
  return { file, conflicts };
}

/** 98.3600 → 98.36 (exact: only trailing zeros go). */
const trimArea = (a: string) => (a.includes('.') ? a.replace(/0+$/, '').replace(/\.$/, '') : a);

/** Each item's file and tally, as the staff see it live and as the close fixes it. */
export async function talliesOf(
  db: Executor,
  streetId: string,
  vote: { id: number; non_voters_with_majority: boolean },
) {
  const items = await db
    .selectFrom('owner_vote_items')
    .select(['no', 'matter', 'title'])
    .where('street_id', '=', streetId)
    .where('vote_id', '=', vote.id)
    .orderBy('no')
    .execute();
  const out = [];
  for (const i of items) {
    const { file, conflicts } = await ballotFileOf(db, streetId, vote, i);
    out.push({ no: i.no, matter: i.matter, title: i.title, tally: tally(file), conflicts });
  }
  return out;
}
