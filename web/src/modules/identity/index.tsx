import { AuditOutlined, SafetyOutlined, TeamOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** Accounts, the audit log and the security settings (module `identity`): the three administrators' pages. */
export const webModule: WebModule = {
  name: 'identity',
  pages: [
    { path: '/users', element: lazyPage(() => import('./UsersPage.js'), 'UsersPage') },
    { path: '/audit', element: lazyPage(() => import('./AuditPage.js'), 'AuditPage') },
    { path: '/security', element: lazyPage(() => import('./SecurityPage.js'), 'SecurityPage') },
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
  homeTiles: [
    {
      key: 'audit-alerts',
      order: 5,
      show: (me) => me.abilities.includes('identity.read_audit'),
      element: lazyPage(() => import('./HomeTiles.js'), 'AuditAlerts'),
    },
  ],
};
