import { createElement, lazy, type ComponentType, type ReactNode } from 'react';
import type { Action } from '../../../contracts/actions.js';
import type { Me } from '../../../contracts/auth.js';

/** Words in both languages, Chinese first. */
export type Words = readonly [zh: string, en: string];

/**
 * What a module adds to the web (after its server manifest): console pages and their menu
 * entries, phone pages and their entries on the phone's home. The shell finds every
 * `modules/<name>/index.tsx` by itself (import.meta.glob): adding a module adds no line here.
 */
export type WebModule = {
  name: string;
  /** Console pages, each at a path under `/` (react-router patterns). */
  pages?: readonly { path: string; element: ReactNode }[];
  /** Left-menu entries, shown to those with one of the abilities; lower `order` first. */
  menu?: readonly {
    key: string;
    icon: ReactNode;
    label: Words;
    abilities: readonly Action[];
    order: number;
  }[];
  /**
   * Tiles on the console's home (工作台): each shows what its module has for this user to do or
   * know, with a count, and links to the filtered list. Shown when `show` says so; lower `order` first.
   */
  homeTiles?: readonly { key: string; order: number; show: (me: Me) => boolean; element: ReactNode }[];
  /** What each of its actions is called (the audit log shows names, never codes). */
  actionNames?: Readonly<Partial<Record<Action, Words>>>;
  /** Phone pages, each at a path under `/m/`. */
  phonePages?: readonly { path: string; element: ReactNode }[];
  /** Phone pages anyone opens without signing in (a certificate's verification, a public notice board). */
  publicPhonePages?: readonly { path: string; element: ReactNode }[];
  /** Entries on the phone's home: shown when `show` says so for the signed-in user. */
  phoneEntries?: readonly {
    key: string;
    /** The tab it is listed on besides the home: 办事 (services) or 社区 (community). */
    tab: 'services' | 'community';
    /** The heading it is listed under, e.g. 案件. */
    group: Words;
    label: (me: Me) => Words;
    to: string;
    show: (me: Me) => boolean;
    order: number;
  }[];
};

/** True when the user may take one of these actions somewhere. */
export const canAny = (me: Me, actions: readonly Action[]) => actions.some((a) => me.abilities.includes(a));

const found = import.meta.glob<{ webModule: WebModule }>('../modules/*/index.tsx', { eager: true });

/** Every module's web part, by name. */
export const webModules: readonly WebModule[] = Object.values(found)
  .map((m) => m.webModule)
  .sort((a, b) => a.name.localeCompare(b.name));

/**
 * A page loaded when first opened (its own chunk): the console and the phone download only what the
 * page in front of the user needs. `lazyPage(() => import('./CasesPage.js'), 'CasesPage')`.
 */
export function lazyPage<M>(load: () => Promise<M>, name: keyof M & string): ReactNode {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return createElement(Page);
}

/** Every module's action names, for pages that list what people did (the audit log). */
export const actionNames: Readonly<Partial<Record<string, Words>>> = Object.assign(
  { 'http.denied': ['被拒绝的请求', 'Refused request'] as Words },
  ...webModules.map((m) => m.actionNames ?? {}),
);
