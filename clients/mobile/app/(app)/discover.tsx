import { DiscoverScreen } from '@/features/discover/DiscoverScreen';

export default DiscoverScreen;
