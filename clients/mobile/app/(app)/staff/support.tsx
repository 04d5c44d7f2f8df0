import { SupportScreen } from '@/features/staff/SupportScreen';

export default SupportScreen;
