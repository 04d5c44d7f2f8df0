import { CreateGroupScreen } from '@/features/sessions/GroupSessions';

export default CreateGroupScreen;
