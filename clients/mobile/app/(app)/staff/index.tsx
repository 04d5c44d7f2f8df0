import { QueueScreen } from '@/features/staff/QueueScreen';

export default QueueScreen;
