import * as SecureStore from 'expo-secure-store';
import { Platform } from 'react-native';

/** What a sign-in gives: a short-lived access token and the refresh token that renews it (rotated at each use). */
export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

const key = 'skillswap.tokens';

/**
 * Where the tokens live between launches: the platform's keychain/keystore on phones (SecureStore); on the web, local
 * storage, the only storage every tab of the app shares (so one tab's refresh is the others' too). Never in a URL or a
 * log. Read synchronously, so the first screen drawn already knows whether someone is signed in (a link opened from
 * an email lands where it points, not on a loading screen that forgets it).
 */
export const tokenStore = {
  read(): Tokens | null {
    const raw = Platform.OS === 'web' ? globalThis.localStorage?.getItem(key) : SecureStore.getItem(key);
    if (!raw) {
      return null;
    }
    try {
      return JSON.parse(raw) as Tokens;
    } catch {
      return null;
    }
  },
  async write(tokens: Tokens): Promise<void> {
    const raw = JSON.stringify(tokens);
    if (Platform.OS === 'web') {
      globalThis.localStorage?.setItem(key, raw);
    } else {
      await SecureStore.setItemAsync(key, raw);
    }
  },
  async clear(): Promise<void> {
    if (Platform.OS === 'web') {
      globalThis.localStorage?.removeItem(key);
    } else {
      await SecureStore.deleteItemAsync(key);
    }
  },
};

/** The claims the app reads from its access token (it never verifies it: the services do). */
export interface AccessClaims {
  sub: string;
  email?: string;
  locale?: string;
  role?: string | string[];
  exp: number;
}

export function claimsOf(accessToken: string): AccessClaims {
  const payload = accessToken.split('.')[1] ?? '';
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
  const json = decodeURIComponent(
    Array.from(atob(base64), (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
  );
  return JSON.parse(json) as AccessClaims;
}
