import { ConversationScreen } from '@/features/chat/ConversationScreen';

export default ConversationScreen;
