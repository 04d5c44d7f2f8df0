import { RequestSessionScreen } from '@/features/sessions/RequestSessionScreen';

export default RequestSessionScreen;
