import { useQuery } from '@tanstack/react-query';
import { Tabs } from 'expo-router';

import { api, unwrap } from '@/api/client';
import { usePushRegistration } from '@/features/notifications/usePushRegistration';
import { useI18n } from '@/i18n';
import { RealtimeProvider } from '@/realtime/RealtimeProvider';
import { colors } from '@/ui/theme';

/** Where signing in lands, and the tab a link into the app (a push, an email) keeps beneath the screen it opens. */
export const unstable_settings = { initialRouteName: 'discover' };

/** The signed-in app (see the root layout's guard): five tabs, unread badges kept live by the realtime connection. */
export default function AppLayout() {
  return (
    <RealtimeProvider>
      <SignedInTabs />
    </RealtimeProvider>
  );
}

function SignedInTabs() {
  const { t } = useI18n();
  usePushRegistration();
  const chatUnread = useQuery({
    queryKey: ['conversations', 'unread'],
    queryFn: () => unwrap(api.chat.GET('/api/v1/conversations/unread')),
  });
  const notificationsUnread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => unwrap(api.notifications.GET('/api/v1/notifications/unread-count')),
  });
  const badge = (count: number | string | undefined) => (Number(count ?? 0) > 0 ? Number(count) : undefined);
  // Reachable from other screens, without a tab of their own (expo-router's href: null would make them unreachable).
  const hidden = { tabBarButton: () => null, tabBarItemStyle: { display: 'none' } } as const;
  return (
    <Tabs screenOptions={{ headerShown: false, tabBarActiveTintColor: colors.primary, tabBarIcon: () => null, tabBarIconStyle: { display: 'none' } }}>
      <Tabs.Screen name="discover" options={{ title: t('tab.discover') }} />
      <Tabs.Screen name="chat" options={{ title: t('tab.chat'), tabBarBadge: badge(chatUnread.data?.total) }} />
      <Tabs.Screen name="sessions" options={{ title: t('tab.sessions') }} />
      <Tabs.Screen
        name="notifications"
        options={{
          title: t('tab.notifications'),
          tabBarBadge: badge(notificationsUnread.data?.unread),
          tabBarAccessibilityLabel: t('tab.notificationsUnread', { count: Number(notificationsUnread.data?.unread ?? 0) }),
        }}
      />
      <Tabs.Screen name="account" options={{ title: t('tab.account') }} />
      <Tabs.Screen name="profiles/[userId]" options={hidden} />
      <Tabs.Screen name="wallet" options={hidden} />
      <Tabs.Screen name="staff" options={hidden} />
    </Tabs>
  );
}
