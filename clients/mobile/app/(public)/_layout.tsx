import { Stack } from 'expo-router';

/** Welcome, sign-up, sign-in and forgotten password: only for people not signed in (see the root layout's guard). */
export default function PublicLayout() {
  return <Stack screenOptions={{ headerShown: false }} />;
}
