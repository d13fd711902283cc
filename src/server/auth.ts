import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { TOKEN_COOKIE, TOKEN_HEADER } from '../shared/api.js';
import type { ApiError } from '../shared/api.js';

export interface AuthOptions {
  token: string;
  /**
   * Host names (no port) the page may be reached by; anything else is refused (DNS rebinding).
   * 'any' when bound to every interface on purpose (the token is still required).
   */
  hostnames: readonly string[] | 'any';
}

export const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(status: 401 | 403, code: string, message: string, hint: string): Response {
  const body: ApiError = { error: { code, message, hint } };
  return Response.json(body, { status });
}

/**
 * Every request needs the token: `?token=` (the URL printed at start; it then sets a cookie), the
 * `x-grove-token` header, `Authorization: Bearer`, or the cookie. A request whose Origin is not this
 * server, or whose Host is not one of ours, is refused before the token is looked at.
 */
export function requireToken(options: AuthOptions): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (options.hostnames !== 'any' && !options.hostnames.includes(url.hostname)) {
      return refuse(
        403,
        'FORBIDDEN_HOST',
        `requests for host ${url.hostname} are refused`,
        'open the URL grove printed',
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== url.origin) {
      return refuse(
        403,
        'FORBIDDEN_ORIGIN',
        `requests from ${origin} are refused`,
        'the dashboard answers only its own page',
      );
    }
    const query = url.searchParams.get('token') ?? undefined;
    const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    // Cookies are not kept apart by port: two dashboards on one host each need their own name.
    const cookie = `${TOKEN_COOKIE}_${url.port || '80'}`;
    const given = query ?? c.req.header(TOKEN_HEADER) ?? bearer ?? getCookie(c, cookie);
    if (!sameToken(given, options.token)) {
      return refuse(
        401,
        'UNAUTHORIZED',
        'this request has no valid dashboard token',
        'open the URL printed by `grove dashboard` (it ends in ?token=...)',
      );
    }
    if (query !== undefined) {
      setCookie(c, cookie, options.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    }
    await next();
  };
}
