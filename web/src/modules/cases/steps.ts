import type { CaseAction } from '../../../../contracts/cases.js';

/** How the case pages present each step: emphasis, a note required, photos allowed. */
export const PRIMARY: CaseAction[] = [
  'register',
  'dispatch',
  'sign',
  'handle',
  'verify_pass',
  'rate',
  'approve_extension',
  'approve_park',
];
export const DANGER: CaseAction[] = ['reject', 'return', 'verify_fail', 'deny_extension', 'deny_park', 'reopen'];
export const NEEDS_NOTE: CaseAction[] = [
  'reject',
  'return',
  'handle',
  'request_extension',
  'deny_extension',
  'request_park',
  'deny_park',
  'verify_fail',
  'reopen',
  'escalate',
  'comment',
];
export const WITH_PHOTOS: CaseAction[] = ['handle', 'verify_pass', 'verify_fail', 'comment'];
