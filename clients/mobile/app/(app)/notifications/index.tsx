import { InboxScreen } from '@/features/notifications/InboxScreen';

export default InboxScreen;
