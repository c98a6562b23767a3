/**
 * Households whose people changed (a resident moved out or died, a household moved to another
 * house or grid): modules that keep something per household (visits' required frequency and plans)
 * bring it up to date. Published after the registry's transaction commits (core/events.ts).
 */
export const HOUSEHOLDS_CHANGED = 'registry.households_changed';
export type HouseholdsChanged = { householdIds: number[] };
