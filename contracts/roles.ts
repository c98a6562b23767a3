/** The roles of docs/DOMAIN.md, with the three separated administrators of 等保 (三权分立). */
export const roles = [
  'system_admin',
  'security_admin',
  'audit_admin',
  'operator',
  'community_worker',
  'community_secretary',
  'grid_worker',
  'grid_leader',
  'grid_instructor',
  'building_leader',
  'agency_handler',
  'party_member',
  'volunteer',
  'resident',
] as const;
export type Role = (typeof roles)[number];

/** Where a role is bound: the whole platform, a node of the region tree, or a handling unit. */
export const roleBinding: Record<Role, 'platform' | 'region' | 'agency'> = {
  system_admin: 'platform',
  security_admin: 'platform',
  audit_admin: 'platform',
  operator: 'region',
  community_worker: 'region',
  community_secretary: 'region',
  grid_worker: 'region',
  grid_leader: 'region',
  grid_instructor: 'region',
  building_leader: 'region',
  agency_handler: 'agency',
  party_member: 'region',
  volunteer: 'region',
  resident: 'region',
};

export const roleNames: Record<Role, { zh: string; en: string }> = {
  system_admin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  audit_admin: { zh: '审计管理员', en: 'Audit administrator' },
  operator: { zh: '指挥中心值班员', en: 'Command-centre operator' },
  community_worker: { zh: '社区工作者', en: 'Community worker' },
  community_secretary: { zh: '社区书记', en: 'Community secretary' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  grid_leader: { zh: '网格长', en: 'Grid leader' },
  grid_instructor: { zh: '网格指导员', en: 'Grid instructor' },
  building_leader: { zh: '楼栋长', en: 'Building leader' },
  agency_handler: { zh: '部门·共建单位·物业处置人员', en: 'Agency handler' },
  party_member: { zh: '党员', en: 'Party member' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  resident: { zh: '居民', en: 'Resident' },
};
