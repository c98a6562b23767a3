import { FlagOutlined, TeamOutlined } from '@ant-design/icons';
import { lazyPage, type WebModule } from '../../lib/module.js';

/** 党建引领 (module `party`): the organisation and 双报到 in the console, a member's own page on the phone. */
export const webModule: WebModule = {
  name: 'party',
  pages: [
    { path: '/party', element: lazyPage(() => import('./PartyPage.js'), 'PartyPage') },
    { path: '/party/unit', element: lazyPage(() => import('./UnitRecordPage.js'), 'UnitRecordPage') },
  ],
  menu: [
    {
      key: 'party',
      icon: <FlagOutlined />,
      label: ['党建引领', 'Party organisation'],
      abilities: ['party.manage', 'party.read_members'],
      order: 45,
    },
    {
      key: 'party/unit',
      icon: <TeamOutlined />,
      label: ['我的共建', 'Our co-building record'],
      abilities: ['party.read_unit'],
      order: 46,
    },
  ],
  phonePages: [{ path: '/party', element: lazyPage(() => import('./phone/PhoneParty.js'), 'PhoneParty') }],
  phoneEntries: [
    {
      tab: 'services',
      key: 'party',
      group: ['党建', 'Party'],
      label: () => ['我的党建', 'My party work'],
      to: '/m/party',
      show: (me) => me.user.roles.some((r) => r.role === 'party_member'),
      order: 60,
    },
  ],
  actionNames: {
    'party.read': ['查看党组织', 'Read the party organisation'],
    'party.read_members': ['查看党员名单', 'Read member lists'],
    'party.manage': ['管理党组织与双报到', 'Keep the party organisation and 双报到'],
    'party.read_unit': ['查看本单位共建记录', 'Read the unit’s own record'],
    'party.act_for_unit': ['本单位支部双报到、记录服务', 'Report the unit’s branch and record its services'],
    'party.serve': ['记录党员服务', 'Record a member’s service'],
  },
};
