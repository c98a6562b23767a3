/**
 * A granted micro-wish confirmed by the one who posted it: published for the points (the volunteering module gives
 * the one who granted it their points, once per wish).
 */
export const WISH_CONFIRMED = 'needs.wish_confirmed';
export type WishConfirmed = { wishId: number; userId: number; community: string };
