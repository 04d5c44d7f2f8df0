import { SanctionsScreen } from '@/features/staff/SanctionsScreen';

export default SanctionsScreen;
