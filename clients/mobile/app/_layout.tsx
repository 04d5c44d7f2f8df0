import { QueryClientProvider } from '@tanstack/react-query';
import { Stack } from 'expo-router';
import { StatusBar } from 'expo-status-bar';
import { useState } from 'react';

import { AuthProvider, useAuth } from '@/auth/AuthProvider';
import { I18nProvider } from '@/i18n';
import { createQueryClient } from '@/lib/query-client';

export default function RootLayout() {
  // One QueryClient per app instance (useState keeps it stable across re-renders).
  const [queryClient] = useState(createQueryClient);

  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AuthProvider>
          <Navigation />
          <StatusBar style="auto" />
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}

/**
 * The signed-in app or the welcome screens (the stored sign-in is read before the first frame); the links from
 * emails (verify-email, reset-password, appeal) work either way.
 */
function Navigation() {
  const { status } = useAuth();
  return (
    <Stack screenOptions={{ headerShown: false }}>
      <Stack.Protected guard={status === 'signed-in'}>
        <Stack.Screen name="(app)" />
      </Stack.Protected>
      <Stack.Protected guard={status === 'signed-out'}>
        <Stack.Screen name="(public)" />
      </Stack.Protected>
      <Stack.Screen name="verify-email" />
      <Stack.Screen name="reset-password" />
      <Stack.Screen name="appeal" />
    </Stack>
  );
}
