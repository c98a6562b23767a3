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
  actionNames: {
    'identity.login': ['登录', 'Sign in'],
    'identity.request_otp': ['获取短信验证码', 'Ask for an SMS code'],
    'identity.logout': ['退出登录', 'Sign out'],
    'identity.logout_all': ['退出所有设备', 'Sign out everywhere'],
    'identity.change_password': ['修改密码', 'Change password'],
    'identity.list_users': ['查看用户', 'List users'],
    'identity.create_user': ['新建用户', 'Create a user'],
    'identity.update_user': ['修改用户', 'Change a user'],
    'identity.reset_password': ['重置密码', 'Reset a password'],
    'identity.unlock_user': ['解除锁定', 'Unlock a user'],
    'identity.approve_user': ['审核账号变更', 'Approve an account change'],
    'identity.break_glass': ['紧急恢复管理员', 'Break glass'],
    'identity.reveal_phone': ['查看用户完整手机号', 'Reveal a user’s phone'],
    'identity.read_audit': ['查阅审计日志', 'Read the audit log'],
    'identity.export_audit': ['导出审计日志', 'Export the audit log'],
    'identity.read_security_settings': ['查看安全设置', 'Read the security settings'],
    'identity.update_security_settings': ['修改安全设置', 'Change the security settings'],
  },
};
