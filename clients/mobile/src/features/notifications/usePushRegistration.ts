import Constants from 'expo-constants';
import * as Device from 'expo-device';
import * as Notifications from 'expo-notifications';
import { useRouter } from 'expo-router';
import { useEffect } from 'react';
import { Platform } from 'react-native';

import { api, unwrap } from '@/api/client';

/**
 * On a phone, after each sign-in: ask once for permission, then give Notifications this install's Expo push token
 * (the service moves a token another account held, and prunes uninstalled phones). A tapped push opens what it is
 * about (its data names a session, a person or a conversation; pushes carry no link). The web has no push: the
 * inbox and the realtime badge serve it.
 */
export function usePushRegistration(): void {
  const router = useRouter();

  useEffect(() => {
    if (Platform.OS === 'web' || !Device.isDevice) {
      return;
    }
    let cancelled = false;
    void (async () => {
      const current = await Notifications.getPermissionsAsync();
      const granted = current.granted || (current.canAskAgain && (await Notifications.requestPermissionsAsync()).granted);
      if (!granted || cancelled) {
        return;
      }
      if (Platform.OS === 'android') {
        // The channel Notifications' pushes name.
        // eslint-disable-next-line import/namespace -- AndroidImportance is re-exported from a TypeScript module the import plugin does not read.
        await Notifications.setNotificationChannelAsync('default', { name: 'SkillSwap', importance: Notifications.AndroidImportance.DEFAULT });
      }
      const projectId = Constants.expoConfig?.extra?.eas?.projectId as string | undefined;
      const { data: token } = await Notifications.getExpoPushTokenAsync(projectId ? { projectId } : undefined);
      await unwrap(
        api.notifications.PUT('/api/v1/notifications/devices', { body: { token, platform: Platform.OS === 'ios' ? 'ios' : 'android' } }),
      );
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (Platform.OS === 'web') {
      return;
    }
    const subscription = Notifications.addNotificationResponseReceivedListener((response) => {
      const data = response.notification.request.content.data as Record<string, string | undefined>;
      if (data.surveyId) {
        router.push({ pathname: '/notifications/survey', params: { surveyId: data.surveyId } });
      } else if (data.conversationId) {
        router.push({ pathname: '/chat/[conversationId]', params: { conversationId: data.conversationId } });
      } else if (data.sessionId) {
        router.push({ pathname: '/sessions/[sessionId]', params: { sessionId: data.sessionId } });
      } else if (data.userId) {
        router.push({ pathname: '/profiles/[userId]', params: { userId: data.userId } });
      } else {
        router.push('/notifications');
      }
    });
    return () => subscription.remove();
  }, [router]);
}
