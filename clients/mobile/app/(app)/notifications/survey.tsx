import { SurveyScreen } from '@/features/notifications/SurveyScreen';

export default SurveyScreen;
