import { apiBaseUrl } from '@/api/config';
import { ApiProblem, NetworkError, problemFrom } from '@/api/problem';

import { claimsOf, type Tokens, tokenStore } from './tokenStore';

/** Renewed this long before the access token expires, so a request never leaves with one about to lapse. */
const renewAhead = 60_000;

type Listener = (signedIn: boolean) => void;

/**
 * The signed-in person's tokens, for every request and the realtime connection. A refresh token is single-use and
 * reusing one revokes the whole sign-in, so renewals run one at a time: one promise shared in this tab, and on the
 * web a lock shared by the tabs, each re-reading what another tab may have renewed meanwhile.
 */
class Session {
  private tokens: Tokens | null = null;
  private renewing: Promise<Tokens | null> | null = null;
  private listeners = new Set<Listener>();

  /** The sign-in this device kept, if its refresh token has not expired. */
  restore(): boolean {
    this.tokens = tokenStore.read();
    if (this.tokens && Date.parse(this.tokens.refreshTokenExpiresAt) <= Date.now()) {
      this.tokens = null;
      void tokenStore.clear();
    }
    return this.tokens !== null;
  }

  get signedIn(): boolean {
    return this.tokens !== null;
  }

  get userId(): string | null {
    return this.tokens ? claimsOf(this.tokens.accessToken).sub : null;
  }

  /** The roles the access token carries ("member", and for staff "moderator", "support", "admin"). */
  get roles(): string[] {
    const role = this.tokens ? claimsOf(this.tokens.accessToken).role : undefined;
    return role === undefined ? [] : Array.isArray(role) ? role : [role];
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async begin(tokens: Tokens): Promise<void> {
    this.tokens = tokens;
    await tokenStore.write(tokens);
    this.listeners.forEach((listener) => listener(true));
  }

  async end(): Promise<void> {
    this.tokens = null;
    await tokenStore.clear();
    this.listeners.forEach((listener) => listener(false));
  }

  /** A valid access token, renewed first if it is about to expire; null when signed out (or the sign-in was revoked). */
  async accessToken(): Promise<string | null> {
    if (!this.tokens) {
      return null;
    }
    if (Date.parse(this.tokens.accessTokenExpiresAt) - Date.now() > renewAhead) {
      return this.tokens.accessToken;
    }
    return (await this.renew())?.accessToken ?? null;
  }

  /** Renews now (after a 401 the token was refused, whatever its expiry said). */
  renew(): Promise<Tokens | null> {
    this.renewing ??= this.renewExclusively().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async renewExclusively(): Promise<Tokens | null> {
    const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
    return locks ? locks.request('skillswap-token-renewal', () => this.renewOnce()) : this.renewOnce();
  }

  private async renewOnce(): Promise<Tokens | null> {
    const stored = tokenStore.read();
    if (!stored) {
      await this.end();
      return null;
    }
    // Another tab renewed while this one waited for the lock: its tokens are ours too.
    if (stored.refreshToken !== this.tokens?.refreshToken && Date.parse(stored.accessTokenExpiresAt) - Date.now() > renewAhead) {
      this.tokens = stored;
      return stored;
    }
    let response: Response;
    try {
      response = await fetch(`${apiBaseUrl()}/api/v1/identity/tokens/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: stored.refreshToken }),
      });
    } catch (error) {
      throw new NetworkError(error);
    }
    if (response.ok) {
      const renewed = (await response.json()) as Tokens;
      this.tokens = renewed;
      await tokenStore.write(renewed);
      return renewed;
    }
    const problem = await problemFrom(response);
    if (problem.status === 401) {
      // Revoked (logout elsewhere, password reset, erasure) or reused: this sign-in is over.
      await this.end();
      return null;
    }
    throw problem;
  }

  /** Signs out this device: its refresh token is revoked at Identity, then forgotten here. */
  async signOut(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    await this.end();
    if (refreshToken) {
      await fetch(`${apiBaseUrl()}/api/v1/identity/tokens/revoke`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      }).catch(() => undefined);
    }
  }
}

export const session = new Session();
export { ApiProblem };
