import { KpiScreen } from '@/features/staff/KpiScreen';

export default KpiScreen;
