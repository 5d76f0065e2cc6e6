import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** The logged-in user (app_user.id). */
    userId: number;
    /** When the user logged in (ms since epoch): the absolute timeout counts from here. */
    loginAt: number;
    /** The facility the user acts for (M2); always one of the user's rights. */
    actingFacilityId: number;
    /** Where to go once a facility is chosen. */
    returnTo: string;
  }
}
