/**
 * What one step of the case loop changes on a case and who hears of it (the plan that
 * act-on-case.ts writes in its transaction).
 */
import type { Selectable, Updateable } from 'kysely';
import { z } from 'zod';
import { caseActionBody, caseLevels, type CaseAction } from '../../../../contracts/cases.js';
import type { Trx } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { addLimit } from '../calendar.js';
import { caseNo, loadCase, type CaseRow } from '../case-row.js';
import { usersCovering, type Notice } from '../notifications.js';
import type { StreetConfig } from '../street-config.js';
import type { CaseCategoriesTable, CasesTable } from '../tables.js';
import { DISPATCHERS, handlersOf } from '../timers.js';

export function need(ok: boolean, path: string, zh: string, en: string): void {
  if (!ok) throw new AppError('validation', { zh, en }, { issues: [{ path: `body.${path}`, message: { zh, en } }] });
}

export type Plan = {
  patch: Updateable<CasesTable>;
  notices: { to: number[]; notice: Omit<Notice, 'streetId' | 'caseId'> }[];
  detail?: Record<string, unknown>;
  assists?: number[];
};

async function agencyOk(trx: Trx, streetId: string, id: number): Promise<boolean> {
  const row = await trx
    .selectFrom('agencies')
    .select('id')
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** What every planner is given: the case, the step's input, the clock, and helpers. */
type StepContext = {
  trx: Trx;
  row: CaseRow;
  action: CaseAction;
  body: z.output<typeof caseActionBody>;
  now: Date;
  calendar: StreetConfig['calendar'];
  category: Selectable<CaseCategoriesTable>;
  handleDue: (from: Date) => Date;
  progress: (text: string) => Plan['notices'][number];
  no: string;
  reporters: number[];
};

async function planRegister({ now, progress }: StepContext): Promise<Plan> {
  return { patch: { registered_at: now }, notices: [progress('已立案')] };
}

async function planReject({ body, progress }: StepContext): Promise<Plan> {
  return { patch: {}, notices: [progress(`不予立案：${body.note ?? ''}`)] };
}

async function planMerge({ trx, row, body, progress }: StepContext): Promise<Plan> {
  need(
    body.intoCaseId !== undefined && body.intoCaseId !== row.id,
    'intoCaseId',
    '请选择要合并到的案件',
    'Say which case this duplicates (intoCaseId)',
  );
  // Two cases change together: lock both in id order before reading the target, so that of
  // "A into B" and "B into A" at once exactly one wins (the other then sees its target merged).
  await trx
    .selectFrom('cases')
    .select('id')
    .where('street_id', '=', row.street_id)
    .where(
      'id',
      'in',
      [row.id, body.intoCaseId ?? 0].sort((a, b) => a - b),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  const into = await loadCase(trx, body.intoCaseId ?? 0, row.street_id);
  need(
    into !== undefined && !['rejected', 'merged', 'closed'].includes(into.status),
    'intoCaseId',
    '只能合并到本街道一件未办结的案件',
    'Merge only into an open case of the same street',
  );
  return {
    patch: { merged_into: body.intoCaseId ?? null },
    notices: [progress(`与案件 ${into ? caseNo(into.created_at, into.id) : ''} 合并办理，进展将一并告知您`)],
    detail: { intoCaseId: body.intoCaseId },
  };
}

async function planDispatch({
  trx,
  row,
  body,
  now,
  calendar,
  category,
  handleDue,
  progress,
  no,
}: StepContext): Promise<Plan> {
  need(
    body.agencyId !== undefined,
    'agencyId',
    '请选择处置单位（或网格自办）',
    'Choose the handling unit (agencyId, null for the grid)',
  );
  const agencyId = body.agencyId ?? null;
  const assists = [...new Set(body.assistAgencyIds ?? [])].filter((a) => a !== agencyId);
  for (const id of agencyId !== null ? [agencyId, ...assists] : assists)
    need(await agencyOk(trx, row.street_id, id), 'agencyId', `处置单位 ${id} 不存在`, `No handling unit ${id}`);
  const patch = {
    agency_id: agencyId,
    dispatched_at: now,
    sign_due_at: addLimit(now, category.sign_limit, category.sign_unit, calendar),
    handle_started_at: now,
    handle_due_at: handleDue(now),
    registered_at: row.registered_at ?? now,
  };
  const handlers = await handlersOf(trx, { ...row, agency_id: agencyId, assist_ids: assists });
  return {
    patch,
    assists,
    detail: { agencyId, assists },
    notices: [
      { to: handlers, notice: { kind: 'dispatched', title: '新派遣案件，请及时签收', body: `${no} ${row.title}` } },
      progress('已派遣至处置单位'),
    ],
  };
}

async function planSign({ now, progress }: StepContext): Promise<Plan> {
  return { patch: { signed_at: now }, notices: [progress('处置单位已签收')] };
}

async function planReturn({ trx, row, body, no }: StepContext): Promise<Plan> {
  const to = await usersCovering(trx, row.region_path, DISPATCHERS[row.level]);
  return {
    patch: {
      agency_id: null,
      returns: row.returns + 1,
      dispatched_at: null,
      sign_due_at: null,
      handle_started_at: null,
      handle_due_at: null,
    },
    assists: [],
    notices: [
      {
        to,
        notice: {
          kind: 'returned',
          title: '案件被退回，请重新派遣',
          body: `${no} ${row.title}：${body.note ?? ''}`,
        },
      },
    ],
  };
}

async function planContact({ now }: StepContext): Promise<Plan> {
  return { patch: { contacted_at: now }, notices: [] };
}

async function planHandle({ trx, row, body, now, progress, no }: StepContext): Promise<Plan> {
  const to = await usersCovering(trx, row.region_path, ['grid_worker', 'grid_leader']);
  return {
    patch: { handled_at: now, result: body.note ?? null },
    notices: [
      { to, notice: { kind: 'to_verify', title: '案件已处置，请现场核查', body: `${no} ${row.title}` } },
      progress('已处置完毕，待网格员现场核查'),
    ],
  };
}

async function planRequestExtension({ trx, row, action, body, no }: StepContext): Promise<Plan> {
  if (action === 'request_extension')
    need(body.days !== undefined, 'days', '请填写申请延期的工作日数', 'Say how many working days (days)');
  const to = await usersCovering(trx, row.region_path, DISPATCHERS[row.level]);
  const what = action === 'request_extension' ? `申请延期 ${body.days} 个工作日` : '申请挂账';
  return {
    patch: {
      pending_request: action === 'request_extension' ? 'extension' : 'park',
      pending_days: body.days ?? null,
    },
    detail: { days: body.days },
    notices: [{ to, notice: { kind: 'approval', title: '有待审批的申请', body: `${no} ${row.title}：${what}` } }],
  };
}

async function planApproveExtension({ trx, row, now, calendar, no }: StepContext): Promise<Plan> {
  const days = row.pending_days ?? 1;
  const from = row.handle_due_at ?? now;
  return {
    patch: {
      pending_request: null,
      pending_days: null,
      handle_due_at: addLimit(from, days, 'working_days', calendar),
      extensions: row.extensions + 1,
    },
    detail: { days },
    notices: [
      {
        to: await handlersOf(trx, row),
        notice: { kind: 'approval', title: '延期申请已批准', body: `${no} 延期 ${days} 个工作日` },
      },
    ],
  };
}

async function planDenyExtension({ trx, row, body, no }: StepContext): Promise<Plan> {
  return {
    patch: { pending_request: null, pending_days: null },
    notices: [
      {
        to: await handlersOf(trx, row),
        notice: { kind: 'approval', title: '申请未获批准', body: `${no}：${body.note ?? ''}` },
      },
    ],
  };
}

async function planApprovePark({ now, progress }: StepContext): Promise<Plan> {
  return {
    patch: { pending_request: null, pending_days: null, parked_at: now },
    notices: [progress('列入挂账，长期跟踪办理')],
  };
}

async function planUnpark({ trx, row, now, handleDue, no }: StepContext): Promise<Plan> {
  // the parked time does not count against the unit
  const paused = row.parked_at ? now.getTime() - row.parked_at.getTime() : 0;
  return {
    patch: {
      parked_at: null,
      handle_due_at: row.handle_due_at ? new Date(row.handle_due_at.getTime() + paused) : handleDue(now),
      handle_started_at: row.handle_started_at ? new Date(row.handle_started_at.getTime() + paused) : now,
    },
    notices: [
      {
        to: await handlersOf(trx, row),
        notice: { kind: 'dispatched', title: '挂账案件恢复办理', body: `${no} ${row.title}` },
      },
    ],
  };
}

async function planVerifyPass({ row, now, no, reporters }: StepContext): Promise<Plan> {
  return {
    patch: { closed_at: now },
    notices: [
      {
        to: reporters,
        notice: { kind: 'please_rate', title: '您反映的问题已办结，请评价', body: `${no} ${row.title}` },
      },
    ],
  };
}

async function planVerifyFail({ trx, row, body, now, handleDue, no }: StepContext): Promise<Plan> {
  return {
    patch: { reworks: row.reworks + 1, handled_at: null, handle_started_at: now, handle_due_at: handleDue(now) },
    notices: [
      {
        to: await handlersOf(trx, row),
        notice: { kind: 'returned', title: '核查未通过，请返工', body: `${no} ${row.title}：${body.note ?? ''}` },
      },
    ],
  };
}

async function planRate({ body, now }: StepContext): Promise<Plan> {
  need(body.rating !== undefined, 'rating', '请选择满意、基本满意或不满意', 'Choose a rating');
  return {
    patch: { rating: body.rating ?? null, solved: body.solved ?? body.rating !== 'dissatisfied', rated_at: now },
    detail: { rating: body.rating, solved: body.solved },
    notices: [],
  };
}

async function planReopen({ trx, row, body, no }: StepContext): Promise<Plan> {
  return {
    patch: {
      reopens: row.reopens + 1,
      closed_at: null,
      handled_at: null,
      rating: null,
      solved: null,
      rated_at: null,
      agency_id: null,
      dispatched_at: null,
      sign_due_at: null,
      handle_started_at: null,
      handle_due_at: null,
    },
    assists: [],
    notices: [
      {
        to: await usersCovering(trx, row.region_path, DISPATCHERS[row.level]),
        notice: {
          kind: 'returned',
          title: '群众不满意，案件重新办理',
          body: `${no} ${row.title}：${body.note ?? ''}`,
        },
      },
    ],
  };
}

async function planSupervise({ trx, row, body, no }: StepContext): Promise<Plan> {
  need(body.supervision !== undefined, 'supervision', '请选择督办级别', 'Choose the supervision level');
  return {
    patch: { supervision: body.supervision },
    detail: { supervision: body.supervision },
    notices: [
      {
        to: await handlersOf(trx, row),
        notice: { kind: 'supervised', title: '案件被督办', body: `${no} ${row.title}` },
      },
    ],
  };
}

async function planEscalate({ trx, row, no }: StepContext): Promise<Plan> {
  const next = caseLevels[caseLevels.indexOf(row.level) + 1] ?? 'district';
  return {
    patch: { level: next },
    detail: { level: next },
    notices: [
      {
        to: await usersCovering(trx, row.region_path, DISPATCHERS[next]),
        notice: { kind: 'approval', title: '下级上报的案件', body: `${no} ${row.title}` },
      },
    ],
  };
}

async function planComment(_: StepContext): Promise<Plan> {
  return { patch: {}, notices: [] };
}

/** The planner of each step; steps that share a rule share a planner. A step missing here does not compile. */
const PLANNERS: Record<CaseAction, (c: StepContext) => Promise<Plan>> = {
  register: planRegister,
  reject: planReject,
  merge: planMerge,
  dispatch: planDispatch,
  sign: planSign,
  return: planReturn,
  contact: planContact,
  handle: planHandle,
  request_extension: planRequestExtension,
  request_park: planRequestExtension,
  approve_extension: planApproveExtension,
  deny_extension: planDenyExtension,
  deny_park: planDenyExtension,
  approve_park: planApprovePark,
  unpark: planUnpark,
  verify_pass: planVerifyPass,
  verify_fail: planVerifyFail,
  rate: planRate,
  reopen: planReopen,
  supervise: planSupervise,
  escalate: planEscalate,
  comment: planComment,
};

/** What the step changes on the case, and who hears of it. */
export async function planStep(
  trx: Trx,
  row: CaseRow,
  action: CaseAction,
  body: z.output<typeof caseActionBody>,
  now: Date,
  { calendar }: StreetConfig,
): Promise<Plan> {
  const no = caseNo(row.created_at, row.id);
  const reporters = row.reporter_ids;
  const progress = (text: string) => ({
    to: reporters,
    notice: { kind: 'progress' as const, title: '您反映的问题有新进展', body: `${no} ${row.title}：${text}` },
  });
  const category = await trx
    .selectFrom('case_categories')
    .selectAll()
    .where('street_id', '=', row.street_id)
    .where('id', '=', row.category_id)
    .executeTakeFirstOrThrow();
  const handleDue = (from: Date) => addLimit(from, category.handle_limit, category.handle_unit, calendar);
  return PLANNERS[action]({ trx, row, action, body, now, calendar, category, handleDue, progress, no, reporters });
}
