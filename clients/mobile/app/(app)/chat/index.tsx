import { ConversationsScreen } from '@/features/chat/ConversationsScreen';

export default ConversationsScreen;
