import { SignInScreen } from '@/features/onboarding/SignInScreen';

export default SignInScreen;
