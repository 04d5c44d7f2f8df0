import { SessionScreen } from '@/features/sessions/SessionScreen';

export default SessionScreen;
