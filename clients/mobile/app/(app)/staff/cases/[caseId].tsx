import { CaseScreen } from '@/features/staff/CaseScreen';

export default CaseScreen;
