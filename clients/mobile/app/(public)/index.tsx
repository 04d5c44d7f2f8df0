import { WelcomeScreen } from '@/features/onboarding/WelcomeScreen';

export default WelcomeScreen;
