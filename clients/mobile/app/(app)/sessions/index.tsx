import { SessionsScreen } from '@/features/sessions/SessionsScreen';

export default SessionsScreen;
