import { AppealScreen } from '@/features/moderation/AppealScreen';

/** Reachable signed in or not: the link comes from a moderation decision's email, and a sanctioned person cannot sign in. */
export default AppealScreen;
