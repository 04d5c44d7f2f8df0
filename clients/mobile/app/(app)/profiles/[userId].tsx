import { PublicProfileScreen } from '@/features/discover/PublicProfileScreen';

export default PublicProfileScreen;
