import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';

const dict = {
  appName: { zh: '邻里', en: 'Linli' },
  appSubtitle: { zh: '党建引领社区治理', en: 'Community governance' },
  navRegions: { zh: '行政区划', en: 'Regions' },
  switchRegion: { zh: '搜索区划，如：庆城', en: 'Find a region, e.g. 庆城' },
  language: { zh: 'English', en: '中文' },
  regionTree: { zh: '区划树', en: 'Region tree' },
  code: { zh: '代码', en: 'Code' },
  level: { zh: '层级', en: 'Level' },
  name: { zh: '名称', en: 'Name' },
  officialName: { zh: '正式名称', en: 'Official name' },
  ancestors: { zh: '上级', en: 'Ancestors' },
  children: { zh: '下级', en: 'Children' },
  childCount: { zh: '下级数', en: 'Children' },
  descendants: { zh: '辖区统计', en: 'Below this node' },
  gridMap: { zh: '网格分布图', en: 'Grid map' },
  noMap: { zh: '暂无网格边界', en: 'No grid boundaries drawn yet' },
  pickRegion: { zh: '请在左侧选择一个区划', en: 'Pick a region on the left' },
  loadFailed: { zh: '加载失败', en: 'Failed to load' },
  retry: { zh: '重试', en: 'Retry' },
  none: { zh: '无', en: 'None' },
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  district: { zh: '区县', en: 'District' },
  street: { zh: '街道/乡镇', en: 'Street/town' },
  community: { zh: '社区/村', en: 'Community/village' },
  grid: { zh: '网格', en: 'Grid' },
  microgrid: { zh: '微网格', en: 'Micro-grid' },
  username: { zh: '用户名或手机号', en: 'Username or phone' },
  password: { zh: '密码', en: 'Password' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  signOutEverywhere: { zh: '退出所有设备', en: 'Sign out everywhere' },
  required: { zh: '必填', en: 'Required' },
  changePassword: { zh: '修改密码', en: 'Change password' },
  mustChangePassword: { zh: '首次登录或密码已重置，请先修改密码', en: 'Please change your initial password first' },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  confirmPassword: { zh: '确认新密码', en: 'Confirm new password' },
  passwordRule: {
    zh: '至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'At least 8 characters from at least three of: upper case, lower case, digits, symbols',
  },
  passwordMismatch: { zh: '两次输入的密码不一致', en: 'The passwords differ' },
  passwordChanged: { zh: '密码已修改', en: 'Password changed' },
  save: { zh: '保存', en: 'Save' },
  navAudit: { zh: '审计日志', en: 'Audit log' },
  auditTime: { zh: '时间', en: 'Time' },
  auditActor: { zh: '操作人', en: 'Actor' },
  auditAction: { zh: '操作（如 identity.login）', en: 'Action (e.g. identity.login)' },
  auditObject: { zh: '对象', en: 'Object' },
  auditResult: { zh: '结果', en: 'Result' },
  navUsers: { zh: '用户与角色', en: 'Users and roles' },
  newUser: { zh: '新建用户', en: 'New user' },
  searchUsers: { zh: '按姓名或用户名搜索', en: 'Search by name or username' },
  loginName: { zh: '用户名', en: 'Username' },
  phone: { zh: '手机号', en: 'Phone' },
  roles: { zh: '角色', en: 'Roles' },
  status: { zh: '状态', en: 'Status' },
  locked: { zh: '已锁定', en: 'Locked' },
  waitsForSecurity: { zh: '待安全管理员审核', en: 'Awaits the security administrator' },
  waitsForAudit: { zh: '待审计管理员审核', en: 'Awaits the audit administrator' },
  approve: { zh: '审核通过', en: 'Approve' },
  rejectChange: { zh: '驳回并停用', en: 'Refuse and disable' },
  unlock: { zh: '解锁', en: 'Unlock' },
  initialPassword: { zh: '初始密码', en: 'Initial password' },
  scope: { zh: '管辖范围', en: 'Scope' },
  pickScope: { zh: '在区划树上选择', en: 'Pick on the region tree' },
  saved: { zh: '已保存', en: 'Saved' },
  disabled: { zh: '已停用', en: 'Disabled' },
  actions: { zh: '操作', en: 'Actions' },
  edit: { zh: '编辑', en: 'Edit' },
  remove: { zh: '删除', en: 'Remove' },
  addRole: { zh: '添加角色', en: 'Add a role' },
  resetPassword: { zh: '重置密码', en: 'Reset password' },
  passwordResetDone: {
    zh: '密码已重置，该用户下次登录须修改密码',
    en: 'Password reset: the user must change it at the next sign-in',
  },
  exportXlsx: { zh: '导出 Excel', en: 'Export to Excel' },
  navSecurity: { zh: '安全设置', en: 'Security settings' },
  sessionIdleMinutes: { zh: '会话空闲超时（分钟）', en: 'Session idle timeout (minutes)' },
  sessionMaxHours: { zh: '会话最长时间（小时）', en: 'Session absolute limit (hours)' },
  lockoutThreshold: { zh: '连续密码错误锁定次数', en: 'Failed sign-ins before lockout' },
  lockoutMinutes: { zh: '锁定时长（分钟）', en: 'Lockout duration (minutes)' },
  lastChanged: { zh: '最近修改', en: 'Last changed' },
  defaultsApply: { zh: '使用默认值（环境变量）', en: 'Defaults from the environment' },
  keys: { zh: '个人信息加密密钥', en: 'Personal-data encryption keys' },
  activeKey: { zh: '当前密钥', en: 'Active key' },
  keySource: { zh: '来源', en: 'Source' },
  keyRotateHint: {
    zh: '轮换密钥：在服务器上执行 npx linli keys rotate（会重新加密全部个人信息）',
    en: 'Rotate keys on the server with npx linli keys rotate (re-encrypts all personal data)',
  },
  lockedAccounts: { zh: '当前锁定账号', en: 'Locked accounts' },
  activeSessions: { zh: '在线会话', en: 'Live sessions' },
  phoneSignIn: { zh: '邻里 · 手机登录', en: 'Linli · phone sign-in' },
  passwordTab: { zh: '密码登录', en: 'Password' },
  smsTab: { zh: '验证码登录', en: 'SMS code' },
  smsCode: { zh: '短信验证码', en: 'SMS code' },
  getCode: { zh: '获取验证码', en: 'Get code' },
  codeSent: { zh: '验证码已发送', en: 'Code sent' },
  resendIn: { zh: '秒后重发', en: 's to resend' },
  myAccount: { zh: '我的', en: 'Me' },
  consoleLink: { zh: '进入管理后台', en: 'Open the console' },
  status_moved_out: { zh: '已迁出', en: 'moved out' },
  status_deceased: { zh: '已故', en: 'deceased' },
  status_active: { zh: '在册', en: 'registered' },
  markMovedOut: { zh: '登记迁出', en: 'Moved out' },
  markDeceased: { zh: '登记死亡', en: 'Deceased' },
  markBack: { zh: '恢复在册', en: 'Back in the registry' },
  statusNote: {
    zh: '请填写说明（如：迁往外地工作），记录将保留在变动记录和审计日志中。',
    en: 'Say why (kept in the history and the audit log).',
  },
  navRegistry: { zh: '网格与居民', en: 'Grids and residents' },
  grids: { zh: '网格', en: 'Grids' },
  households: { zh: '户数', en: 'Households' },
  residents: { zh: '居民', en: 'Residents' },
  buildings: { zh: '楼栋', en: 'Buildings' },
  houses: { zh: '房屋', en: 'Houses' },
  sizing: { zh: '规模', en: 'Size' },
  sizing_under: { zh: '偏小', en: 'Small' },
  sizing_ok: { zh: '合规', en: 'Within rule' },
  sizing_over: { zh: '超标', en: 'Too large' },
  gridStaff: { zh: '网格力量', en: 'Grid staff' },
  importData: { zh: '导入居民信息', en: 'Import residents' },
  searchResidents: { zh: '姓名、地址或身份证号', en: 'Name, address or ID number' },
  filterTags: { zh: '按标签筛选，如 独居老人', en: 'Filter by tags' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  age: { zh: '年龄', en: 'Age' },
  relation: { zh: '与户主关系', en: 'Relation' },
  address: { zh: '地址', en: 'Address' },
  tags: { zh: '标签', en: 'Tags' },
  sex: { zh: '性别', en: 'Sex' },
  male: { zh: '男', en: 'Male' },
  female: { zh: '女', en: 'Female' },
  residenceType: { zh: '居住类型', en: 'Residence' },
  history: { zh: '变动记录', en: 'History' },
  reveal: { zh: '查看完整', en: 'Reveal' },
  revealReason: { zh: '查看完整信息须说明事由', en: 'State why you need the full value' },
  revealHint: {
    zh: '事由将记入审计日志，如：入户走访核对身份。',
    en: 'The reason goes to the audit log, e.g. verifying identity during a visit.',
  },
  estate: { zh: '小区', en: 'Estate' },
  building: { zh: '楼栋', en: 'Building' },
  unit: { zh: '单元', en: 'Unit' },
  room: { zh: '房号', en: 'Room' },
  area: { zh: '面积(㎡)', en: 'Area (m²)' },
  occupancy: { zh: '状态', en: 'Occupancy' },
  people: { zh: '人', en: ' people' },
  owners: { zh: '业主', en: 'Owners' },
  downloadTemplate: { zh: '下载模板', en: 'Download the template' },
  importHint: {
    zh: '请使用模板填写，每行一位居民。默认全部正确才导入：任何一行有错，都不会写入数据，并给出错误报告。重复导入同一文件不会产生重复数据。',
    en: 'Fill in the template, one resident a row. By default nothing is written unless every row is right; re-importing the same file changes nothing.',
  },
  importValidOnly: { zh: '仅导入正确的行', en: 'Import the valid rows only' },
  importDryRun: { zh: '试导入（只检查，不写入）', en: 'Dry run (check only)' },
  importDrop: { zh: '点击或拖拽 XLSX / CSV 文件到此处', en: 'Click or drop an XLSX / CSV file here' },
  recentImports: { zh: '最近导入', en: 'Recent imports' },
  importRunning: { zh: '正在导入，已读取行数：', en: 'Importing, rows read:' },
  import_running: { zh: '进行中', en: 'Running' },
  import_done: { zh: '导入完成', en: 'Done' },
  import_rejected: { zh: '未导入', en: 'Rejected' },
  import_failed: { zh: '失败', en: 'Failed' },
  importCounts: {
    zh: '共 {total} 行，正确 {ok} 行，有问题 {bad} 行',
    en: '{total} rows: {ok} valid, {bad} with problems',
  },
  importSummary: {
    zh: '新增 {households} 户、{residents} 位居民，更新 {changed} 位',
    en: '{households} households and {residents} residents added, {changed} updated',
  },
  downloadReport: { zh: '下载错误报告', en: 'Download the report' },
  rowNo: { zh: '行号', en: 'Row' },
  column: { zh: '列', en: 'Column' },
  reason: { zh: '原因', en: 'Reason' },
} as const;

export type TextKey = keyof typeof dict;

type I18n = { lang: Lang; setLang: (l: Lang) => void; t: (key: TextKey) => string };

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'linli.lang';

/** Chinese first; the choice of English is remembered in the browser. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key) => dict[key][lang] }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

/** The current language, for code outside React (the API client's Accept-Language). */
export function currentLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

/** Text given in both languages at the point of use (pages whose words are their own). */
export function useTx(): (zh: string, en: string) => string {
  const { lang } = useI18n();
  return useCallback((zh: string, en: string) => (lang === 'zh' ? zh : en), [lang]);
}
