import { VerifyEmailScreen } from '@/features/onboarding/VerifyEmailScreen';

/** Reachable signed in or not: the link comes from an email. */
export default VerifyEmailScreen;
