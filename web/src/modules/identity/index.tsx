import { AuditOutlined, SafetyOutlined, TeamOutlined } from '@ant-design/icons';
import type { WebModule } from '../../lib/module.js';
import { AuditPage } from './AuditPage.js';
import { SecurityPage } from './SecurityPage.js';
import { UsersPage } from './UsersPage.js';

/** Accounts, the audit log and the security settings (module `identity`): the three administrators' pages. */
export const webModule: WebModule = {
  name: 'identity',
  pages: [
    { path: '/users', element: <UsersPage /> },
    { path: '/audit', element: <AuditPage /> },
    { path: '/security', element: <SecurityPage /> },
  ],
  menu: [
    {
      key: 'users',
      icon: <TeamOutlined />,
      label: ['用户与角色', 'Users and roles'],
      abilities: ['identity.list_users', 'identity.unlock_user'],
      order: 80,
    },
    {
      key: 'audit',
      icon: <AuditOutlined />,
      label: ['审计日志', 'Audit log'],
      abilities: ['identity.read_audit'],
      order: 90,
    },
    {
      key: 'security',
      icon: <SafetyOutlined />,
      label: ['安全设置', 'Security'],
      abilities: ['identity.read_security_settings'],
      order: 95,
    },
  ],
};
