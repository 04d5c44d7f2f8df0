import { ForgotPasswordScreen } from '@/features/onboarding/PasswordResetScreens';

export default ForgotPasswordScreen;
