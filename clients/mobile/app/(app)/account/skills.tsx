import { SkillsEditorScreen } from '@/features/profile/SkillsEditorScreen';

export default SkillsEditorScreen;
