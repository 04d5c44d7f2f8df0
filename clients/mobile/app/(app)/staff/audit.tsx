import { AuditLogScreen } from '@/features/staff/AuditLogScreen';

export default AuditLogScreen;
