/** The household template's columns: Chinese headers as community workers know them. */
export const COLUMNS = [
  { key: 'community', header: '社区', required: true, note: '社区名称或 12 位代码，如：庆城社区' },
  {
    key: 'grid',
    header: '网格',
    required: false,
    note: '网格名称、序号或 15 位代码，如：庆城社区第1网格、第1网格、1；填了经纬度时可空，按坐标落入的网格确定',
  },
  { key: 'estate', header: '小区', required: false, note: '小区名称，可空' },
  { key: 'building', header: '楼栋', required: true, note: '楼栋名称，如：3号楼' },
  { key: 'address', header: '楼栋地址', required: false, note: '门牌地址，可空' },
  { key: 'lng', header: '经度', required: false, note: '楼栋位置（WGS-84），如 119.3001，可空' },
  { key: 'lat', header: '纬度', required: false, note: '楼栋位置（WGS-84），如 26.0902，可空' },
  { key: 'unit', header: '单元', required: false, note: '如：2 或 2单元，可空' },
  { key: 'room', header: '房号', required: true, note: '如：301' },
  { key: 'area', header: '专有面积(㎡)', required: false, note: '正数，最多两位小数；业主表决按面积计票' },
  { key: 'occupancy', header: '房屋状态', required: false, note: '自住 / 出租 / 空置，默认自住' },
  { key: 'household', header: '户号', required: false, note: '同一房屋内区分多户，默认 1' },
  {
    key: 'relation',
    header: '与户主关系',
    required: false,
    note: '户主、配偶、子女、父母、孙子女、兄弟姐妹、祖父母、其他',
  },
  { key: 'name', header: '姓名', required: true, note: '居民姓名' },
  { key: 'idNumber', header: '身份证号', required: true, note: '18 位（或 15 位旧号），校验位自动核验' },
  { key: 'phone', header: '手机号', required: false, note: '11 位手机号，可空' },
  { key: 'residenceType', header: '居住类型', required: false, note: '户籍 / 常住 / 流动，默认户籍' },
  {
    key: 'tags',
    header: '标签',
    required: false,
    note: '多个用顿号分隔：党员、在职党员、退休党员、志愿者、楼栋长、两代表一委员、独居老人、空巢老人、低保、残疾、优抚对象、留守儿童',
  },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];
export type RawRow = Partial<Record<ColumnKey, string>>;

export const HEADERS: readonly string[] = COLUMNS.map((c) => c.header);
export const headerOf = (key: ColumnKey): string => COLUMNS.find((c) => c.key === key)?.header ?? key;
