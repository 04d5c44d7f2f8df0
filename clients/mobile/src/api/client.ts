import createClient, { type Middleware } from 'openapi-fetch';

import { session } from '@/auth/session';

import { apiBaseUrl } from './config';
import { NetworkError, problemFrom } from './problem';
import type { paths as AdministrationPaths } from './schema/administration';
import type { paths as ChatPaths } from './schema/chat';
import type { paths as IdentityPaths } from './schema/identity';
import type { paths as NotificationsPaths } from './schema/notifications';
import type { paths as PaymentsPaths } from './schema/payments';
import type { paths as ProfilesPaths } from './schema/profiles';
import type { paths as ReviewsPaths } from './schema/reviews';
import type { paths as SessionsPaths } from './schema/sessions';

/** What each request looked like before it was sent, so a 401 can be retried once with a renewed token. */
const originals = new WeakMap<Request, Request>();

/**
 * Every request carries the signed-in person's access token. A 401 means the token was refused (revoked, or the
 * clock was off): the token is renewed once and the request sent again; if renewal fails the session ends and the
 * app returns to the sign-in screen.
 */
const authentication: Middleware = {
  async onRequest({ request }) {
    const token = await session.accessToken();
    if (token) {
      request.headers.set('Authorization', `Bearer ${token}`);
      originals.set(request, request.clone());
    }
    return request;
  },
  async onResponse({ request, response }) {
    const original = originals.get(request);
    if (response.status !== 401 || !original) {
      return response;
    }
    const renewed = await session.renew();
    if (!renewed) {
      return response;
    }
    original.headers.set('Authorization', `Bearer ${renewed.accessToken}`);
    return fetch(original);
  },
};

function serviceClient<Paths extends object>() {
  // fetch is looked up at each request (not captured at start), so a test's stand-in and polyfills apply.
  const client = createClient<Paths>({ baseUrl: apiBaseUrl(), fetch: (request) => globalThis.fetch(request) });
  client.use(authentication);
  return client;
}

/** One typed client per service, all through the gateway; the types are generated from each service's OpenAPI document. */
export const api = {
  identity: serviceClient<IdentityPaths>(),
  profiles: serviceClient<ProfilesPaths>(),
  sessions: serviceClient<SessionsPaths>(),
  payments: serviceClient<PaymentsPaths>(),
  chat: serviceClient<ChatPaths>(),
  reviews: serviceClient<ReviewsPaths>(),
  notifications: serviceClient<NotificationsPaths>(),
  administration: serviceClient<AdministrationPaths>(),
};

/**
 * The answer's body, or the problem the API described as an ApiProblem (NetworkError when nothing answered), so
 * React Query's error state carries what to show.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!result.response.ok) {
    // openapi-fetch has read the body already: the problem is in `error`.
    throw await problemFrom(result.response, result.error ?? null);
  }
  return result.data as T;
}
