import { SignUpScreen } from '@/features/onboarding/SignUpScreen';

export default SignUpScreen;
