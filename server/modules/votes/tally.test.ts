import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ballotFile, type BallotFile } from '../../../contracts/votes.js';
import { fromUnits, tally, toUnits } from './tally.js';

type Unit = BallotFile['units'][number];
const units = (n: number, area = '100.00', prefix = 'o'): Unit[] =>
  Array.from({ length: n }, (_, i) => ({ unit: `${prefix}-${i + 1}`, owner: `${prefix}${i + 1}`, area }));
const vote = (owners: string[], choice: 'agree' | 'oppose' | 'abstain') => owners.map((owner) => ({ owner, choice }));
const file = (f: Omit<BallotFile, 'matter'> & { matter?: number }): BallotFile => ballotFile.parse({ matter: 5, ...f });

describe('Civil Code art. 278, counted exactly', () => {
  it('areas are exact decimals: no float anywhere near a threshold', () => {
    expect(fromUnits(toUnits('98.36') + toUnits('88.00') + toUnits('0.1'))).toBe('186.46');
    expect(fromUnits(toUnits('0.0001') * 3n)).toBe('0.0003');
    expect(toUnits('33.3333') * 3n).toBe(toUnits('99.9999'));
  });

  const cases: { name: string; f: BallotFile; quorum: boolean; approval: boolean; passed: boolean }[] = [
    {
      name: 'exactly two thirds take part: the quorum is met (以上 includes the number)',
      f: file({ units: units(3), ballots: vote(['o1', 'o2'], 'agree') }),
      quorum: true,
      approval: true,
      passed: true,
    },
    {
      name: 'just under two thirds of the area: no quorum',
      f: file({
        units: [
          { unit: 'a', owner: 'a', area: '100.00' },
          { unit: 'b', owner: 'b', area: '100.00' },
          { unit: 'c', owner: 'c', area: '100.01' },
        ],
        ballots: vote(['a', 'b'], 'agree'),
      }),
      quorum: false,
      approval: true,
      passed: false,
    },
    {
      name: 'exactly half agree: 过半数 is strictly more, it fails',
      f: file({ units: units(4), ballots: [...vote(['o1', 'o2'], 'agree'), ...vote(['o3', 'o4'], 'oppose')] }),
      quorum: true,
      approval: false,
      passed: false,
    },
    {
      name: 'exactly three quarters on renovation (matter 7): 四分之三以上 is met',
      f: file({
        matter: 7,
        units: units(4),
        ballots: [...vote(['o1', 'o2', 'o3'], 'agree'), ...vote(['o4'], 'oppose')],
      }),
      quorum: true,
      approval: true,
      passed: true,
    },
    {
      name: 'three quarters of heads but not of area on matter 6: fails',
      f: file({
        matter: 6,
        units: [...units(3), { unit: 'big', owner: 'big', area: '300.01' }],
        ballots: [...vote(['o1', 'o2', 'o3'], 'agree'), ...vote(['big'], 'oppose')],
      }),
      quorum: true,
      approval: false,
      passed: false,
    },
    {
      name: 'an area majority that is a head-count minority: fails on heads',
      f: file({
        units: [{ unit: 'big', owner: 'big', area: '300.00' }, ...units(2, '50.00')],
        ballots: [...vote(['big'], 'agree'), ...vote(['o1', 'o2'], 'oppose')],
      }),
      quorum: true,
      approval: false,
      passed: false,
    },
    {
      name: 'abstentions take part: 2 agree of 3 taking part passes, 1 agree 1 oppose 1 abstain fails',
      f: file({ units: units(3), ballots: [...vote(['o1', 'o2'], 'agree'), ...vote(['o3'], 'abstain')] }),
      quorum: true,
      approval: true,
      passed: true,
    },
    {
      name: 'one agree, one oppose, one abstain: agree leads but is not more than half of those taking part',
      f: file({
        units: units(3),
        ballots: [...vote(['o1'], 'agree'), ...vote(['o2'], 'oppose'), ...vote(['o3'], 'abstain')],
      }),
      quorum: true,
      approval: false,
      passed: false,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const r = tally(c.f);
      expect({ quorum: r.quorum, approval: r.approval, passed: r.passed }).toEqual({
        quorum: c.quorum,
        approval: c.approval,
        passed: c.passed,
      });
    });

  it('one owner of several units counts once by heads and with all their area', () => {
    const r = tally(
      file({
        units: [
          { unit: '1-101', owner: 'x', area: '90.00' },
          { unit: '1-102', owner: 'x', area: '90.00' },
          { unit: '1-103', owner: 'x', area: '90.00' },
          { unit: '1-201', owner: 'y', area: '90.00' },
        ],
        ballots: vote(['x'], 'agree'),
      }),
    );
    expect(r.totals).toEqual({ area: '360.00', heads: 2 });
    expect(r.participating).toEqual({ area: '270.00', heads: 1 });
    expect(r.quorumBy).toEqual({ area: true, heads: false });
    expect(r.quorum).toBe(false);
  });

  it('the developer’s unsold units count as one owner together, whatever their labels', () => {
    const r = tally(
      file({
        units: [
          ...units(2),
          { unit: '2-101', owner: 'dev', area: '88.00', developerUnsold: true },
          { unit: '2-102', owner: 'dev', area: '88.00', developerUnsold: true },
          { unit: '2-103', owner: 'dev-b', area: '88.00', developerUnsold: true },
        ],
        ballots: [...vote(['o1', 'o2'], 'agree'), ...vote(['dev'], 'oppose')],
      }),
    );
    expect(r.totals).toEqual({ area: '464.00', heads: 3 });
    expect(r.opposing).toEqual({ area: '264.00', heads: 1 });
    expect(r.approvalBy).toEqual({ area: false, heads: true });
    expect(r.approval).toBe(false);
    expect(() =>
      tally(
        file({
          units: units(2, '80.00', 'd').map((u) => ({ ...u, developerUnsold: true })),
          ballots: vote(['d1', 'd2'], 'agree'),
        }),
      ),
    ).toThrow(/d2 voted twice/);
  });

  it('non-voters go with the majority only when the estate’s rules say so (off by default), and the result says which', () => {
    const base = { units: units(5), ballots: [...vote(['o1', 'o2'], 'agree'), ...vote(['o3'], 'oppose')] };
    const off = tally(file(base));
    expect(off.rule.nonVotersWithMajority).toBe(false);
    expect(off.quorum).toBe(false); // 3 of 5 < 2/3
    expect(off.countedWithMajority).toEqual({ area: '0.00', heads: 0, side: 'none' });
    const on = tally(file({ ...base, nonVotersWithMajority: true }));
    expect(on.countedWithMajority).toEqual({ area: '200.00', heads: 2, side: 'agree' });
    expect(on.participating).toEqual({ area: '500.00', heads: 5 });
    expect(on.agreeing).toEqual({ area: '400.00', heads: 4 });
    expect(on.passed).toBe(true);
    // a tie between the sides: nobody is added
    const tie = tally(
      file({
        units: units(4),
        ballots: [...vote(['o1'], 'agree'), ...vote(['o2'], 'oppose')],
        nonVotersWithMajority: true,
      }),
    );
    expect(tie.countedWithMajority.side).toBe('none');
  });

  it('refuses a ballot file that does not add up, in words', () => {
    expect(ballotFile.safeParse({ matter: 5, units: units(1), ballots: vote(['nobody'], 'agree') }).success).toBe(
      false,
    );
    expect(ballotFile.safeParse({ matter: 5, units: units(1), ballots: vote(['o1', 'o1'], 'agree') }).success).toBe(
      false,
    );
    expect(ballotFile.safeParse({ matter: 10, units: units(1), ballots: [] }).success).toBe(false);
    expect(ballotFile.safeParse({ matter: 0, units: units(1), ballots: [] }).success).toBe(false);
    const twice = [...units(1), ...units(1)];
    expect(ballotFile.safeParse({ matter: 5, units: twice, ballots: [] }).success).toBe(false);
    expect(
      ballotFile.safeParse({ matter: 5, units: [{ unit: 'a', owner: 'a', area: '-98.36' }], ballots: [] }).success,
    ).toBe(false);
    expect(
      ballotFile.safeParse({ matter: 5, units: [{ unit: 'a', owner: 'a', area: '1.5e2' }], ballots: [] }).success,
    ).toBe(false);
  });

  it('`linli votes tally FILE.json` recounts the README’s example with the same code', () => {
    const example = {
      matter: 5,
      units: [
        { unit: '3-1-101', owner: 'o1', area: '98.36' },
        { unit: '3-1-102', owner: 'dev', area: '88.00', developerUnsold: true },
      ],
      ballots: [{ owner: 'o1', choice: 'agree' }],
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-votes-'));
    const f = path.join(dir, 'ballots.json');
    writeFileSync(f, JSON.stringify(example));
    const root = path.resolve(import.meta.dirname, '../../..');
    const out = execFileSync(process.execPath, [path.join(root, 'bin/linli.mjs'), 'votes', 'tally', f], {
      encoding: 'utf8',
      env: { ...process.env, LINLI_DATA_DIR: dir },
    });
    const printed = JSON.parse(out.slice(out.indexOf('{'))) as unknown;
    expect(printed).toEqual(tally(ballotFile.parse(example)));
    expect(printed).toMatchObject({
      totals: { area: '186.36', heads: 2 },
      participating: { area: '98.36', heads: 1 },
      quorum: false,
      quorumBy: { area: false, heads: false },
      passed: false,
      area: { total: '186.36', participating: '98.36', agree: '98.36' },
      heads: { total: 2, participating: 1, agree: 1 },
    });
    writeFileSync(f, JSON.stringify({ ...example, ballots: [{ owner: 'stranger', choice: 'agree' }] }));
    let failed = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [path.join(root, 'bin/linli.mjs'), 'votes', 'tally', f], { encoding: 'utf8' });
    } catch (e) {
      failed = String((e as { stdout?: string }).stdout ?? '');
      status = (e as { status?: number }).status ?? 0;
    }
    expect(failed).toMatch(/表决票文件有误.*stranger owns no unit here/);
    expect(status).toBe(2);
  });
});
