import type { z } from 'zod';
import {
  auditPage,
  type createUserBody,
  me,
  okResult,
  otpSent,
  phoneRevealed,
  securityOverview,
  type SecuritySettings,
  signedOutEverywhere,
  type updateUserBody,
  userCreated,
  userPage,
} from '../../../../contracts/auth.js';
import { http, withQuery } from '../../lib/http.js';

export type CreateUserBody = z.input<typeof createUserBody>;
export type UpdateUserBody = z.input<typeof updateUserBody>;
type Query = Record<string, string>;

/** Sign-in, accounts, the audit log and the security settings (module `identity`). */
export const accountsApi = {
  me: () => http.get(me, '/api/auth/me'),
  login: (username: string, password: string) => http.post(me, '/api/auth/login', { username, password }),
  requestOtp: (phone: string) => http.post(otpSent, '/api/auth/otp', { phone }),
  loginOtp: (phone: string, code: string) => http.post(me, '/api/auth/login-otp', { phone, code }),
  logout: () => http.post(okResult, '/api/auth/logout'),
  logoutAll: () => http.post(signedOutEverywhere, '/api/auth/logout-all'),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post(okResult, '/api/auth/password', { currentPassword, newPassword }),
  users: (params: Query) => http.get(userPage, withQuery('/api/users', params)),
  createUser: (body: CreateUserBody) => http.post(userCreated, '/api/users', body),
  unlockUser: (id: number) => http.post(okResult, `/api/users/${id}/unlock`),
  decideUser: (id: number, verdict: 'approve' | 'reject') => http.post(okResult, `/api/users/${id}/${verdict}`),
  updateUser: (id: number, body: UpdateUserBody) => http.patch(okResult, `/api/users/${id}`, body),
  resetPassword: (id: number, password: string) => http.post(okResult, `/api/users/${id}/reset-password`, { password }),
  revealPhone: (id: number, reason: string) => http.post(phoneRevealed, `/api/users/${id}/reveal-phone`, { reason }),
  audit: (params: Query) => http.get(auditPage, withQuery('/api/audit', params)),
  /** A plain link: the browser downloads the file with the session cookie. */
  auditExportUrl: (params: Query) => withQuery('/api/audit/export', params),
  security: () => http.get(securityOverview, '/api/security/settings'),
  saveSecurity: (s: SecuritySettings) => http.put(securityOverview, '/api/security/settings', s),
};
