import 'express-session';
import type { CurrentUser } from './current-user.js';
import type { SamlSessionRef } from './service-provider.js';

declare module 'express-session' {
  interface SessionData {
    /** The logged-in user (app_user.id). */
    userId: number;
    /** The logged-in user's names, facilities and teams, as read at login. */
    user: CurrentUser;
    /** When the user logged in (ms since epoch): the absolute timeout counts from here. */
    loginAt: number;
    /** The facility the user acts for (M2); always one of the user's rights. */
    actingFacilityId: number;
    /** Where to go once a facility is chosen. */
    returnTo: string;
    /** The identity provider's NameID and SessionIndex of this login, for single logout. */
    samlSession: SamlSessionRef;
    /** After "Afmelden": the LogoutRequest sent to the identity provider, whose LogoutResponse this browser awaits. */
    pendingLogoutRequestId: string;
    /** A login without the e-loket right: whom /geen-toegang addresses. */
    loginWithoutAccess: { givenName: string };
  }
}
