import { PreferencesScreen } from '@/features/notifications/PreferencesScreen';

export default PreferencesScreen;
