import { WalletScreen } from '@/features/sessions/WalletScreen';

export default WalletScreen;
