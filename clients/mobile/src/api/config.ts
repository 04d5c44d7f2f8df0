import Constants from 'expo-constants';
import { Platform } from 'react-native';

/**
 * Where the API is. On the web the app's own server forwards /api and /hubs to the gateway, so the app calls its
 * own origin. On a phone it is the gateway's public address: `extra.apiUrl` in app.json (EAS builds set it per
 * environment), or EXPO_PUBLIC_API_URL during `npx expo start` (the phone reaches the developer's machine by its LAN
 * address, never "localhost").
 */
export function apiBaseUrl(): string {
  if (Platform.OS === 'web' && typeof window !== 'undefined') {
    return window.location.origin;
  }
  const configured = process.env.EXPO_PUBLIC_API_URL ?? (Constants.expoConfig?.extra?.apiUrl as string | undefined);
  return configured ?? 'http://localhost:5180';
}
