// Short names for the generated DTO types the screens use.
import type { components as Administration } from './schema/administration';
import type { components as Chat } from './schema/chat';
import type { components as Identity } from './schema/identity';
import type { components as Notifications } from './schema/notifications';
import type { components as Payments } from './schema/payments';
import type { components as Profiles } from './schema/profiles';
import type { components as Reviews } from './schema/reviews';
import type { components as Sessions } from './schema/sessions';

export type Tokens = Identity['schemas']['TokenResponse'];
export type Account = Identity['schemas']['AccountResponse'];
export type Consents = Identity['schemas']['ConsentsResponse'];
export type ErasureStatus = Identity['schemas']['ErasureStatusResponse'];

export type Profile = Profiles['schemas']['ProfileResponse'];
export type PublicProfile = Profiles['schemas']['PublicProfileResponse'];
export type UpdateProfile = Profiles['schemas']['UpdateProfileRequest'];
export type Availability = Profiles['schemas']['AvailabilityResponse'];
export type CatalogueSkill = Profiles['schemas']['CatalogueSkillResponse'];
export type SearchResult = Profiles['schemas']['SearchResult'];
export type Match = Profiles['schemas']['MatchResponse'];

export type Conversation = Chat['schemas']['ConversationView'];
export type Message = Chat['schemas']['MessageView'];
export type ReadReceipt = Chat['schemas']['ReadReceipt'];
export type Presence = Chat['schemas']['PresenceView'];

export type Session = Sessions['schemas']['SessionResponse'];
export type Wallet = Payments['schemas']['WalletResponse'];
export type StatementEntry = Payments['schemas']['StatementEntryResponse'];

export type Review = Reviews['schemas']['ReviewView'];
export type RatingSummary = Reviews['schemas']['RatingSummary'];

export type InboxEntry = Notifications['schemas']['InboxView'];
export type Preferences = Notifications['schemas']['PreferencesView'];

export type CaseSummary = Administration['schemas']['CaseSummary'];
export type CaseDetail = Administration['schemas']['CaseDetail'];
export type AuditEntry = Administration['schemas']['AuditEntryView'];
export type KpiReport = Administration['schemas']['KpiReport'];
export type Sanction = Administration['schemas']['SanctionView'];
export type SupportAccount = Identity['schemas']['SupportAccountView'];
