import { ProfileEditorScreen } from '@/features/profile/ProfileEditorScreen';

export default ProfileEditorScreen;
