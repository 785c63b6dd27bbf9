import type { RoutePermission } from '@zibo/shared';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';

/** What every route and use case may depend on. */
export type Deps = {
  db: Db;
  database: Database;
  config: Config;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission the route requires, or `public` / `authenticated`. Mandatory. */
    permission?: RoutePermission;
    /** Reachable while the account must still change an administrator-set password. */
    allowDuringPasswordChange?: boolean;
    /** Reachable while the account must still enrol a second factor (the enrolment itself). */
    allowDuringMfaEnrolment?: boolean;
    /** A state-changing route that runs before sign-in and so cannot carry a CSRF token. */
    skipCsrf?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The session's CSRF token, for `GET /api/auth/me` after a page reload. */
    csrfToken: string | null;
    /** The account must enrol a second factor before anything but sign-in housekeeping. */
    mfaEnrolmentRequired: boolean;
  }
  interface FastifyInstance {
    deps: Deps;
  }
}
