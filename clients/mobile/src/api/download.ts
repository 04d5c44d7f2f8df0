import { Platform } from 'react-native';

import { session } from '@/auth/session';

import { apiBaseUrl } from './config';
import { NetworkError, problemFrom } from './problem';

/**
 * A file the API serves only to its owner (a calendar, a data export): fetched with the person's token — a plain link
 * could not carry it — and handed to the browser as a download named <paramref name="fileName"/>. On a phone the file is
 * fetched (so errors show) but not saved: phones subscribe to the calendar feed instead.
 */
export async function downloadWithToken(path: string, fileName: string): Promise<void> {
  const token = await session.accessToken();
  let response: Response;
  try {
    response = await fetch(`${apiBaseUrl()}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) {
    throw await problemFrom(response);
  }
  const blob = await response.blob();
  if (Platform.OS === 'web') {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(link.href);
  }
}
