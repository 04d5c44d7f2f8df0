import { ResetPasswordScreen } from '@/features/onboarding/PasswordResetScreens';

/** Reachable signed in or not: the link comes from an email. */
export default ResetPasswordScreen;
