import { fireEvent, render, screen, within } from '@testing-library/react-native';

import { CaseScreen } from '@/features/staff/CaseScreen';
import { KpiScreen } from '@/features/staff/KpiScreen';
import en from '@/i18n/en.json';

import { fakeApi, json } from '../test-support/fakeApi';

const caseId = '0194e1c0-0000-7000-8000-0000000000c1';
jest.mock('expo-router', () => ({
  useRouter: () => ({ push: jest.fn(), replace: jest.fn(), back: jest.fn() }),
  useLocalSearchParams: () => ({ caseId: '0194e1c0-0000-7000-8000-0000000000c1' }),
}));

const api = fakeApi();
const ok = (body: unknown) => () => new Response(JSON.stringify(body), { status: 200, headers: json });

/** The figures of the service's designed history (its KPI test), as the API answers them. */
const report = {
  asOf: '2026-12-07T10:00:00Z',
  since: '2026-09-21',
  targets: { activationPercent: 65, retentionPercent: 40, nps: 50 },
  funnel: [
    { step: 'registered', members: 7, percentOfRegistered: 100 },
    { step: 'verified', members: 4, percentOfRegistered: 57.1 },
    { step: 'profile-with-skills', members: 2, percentOfRegistered: 28.6 },
    { step: 'first-match-seen', members: 1, percentOfRegistered: 14.3 },
    { step: 'first-message', members: 5, percentOfRegistered: 71.4 },
    { step: 'first-session-requested', members: 3, percentOfRegistered: 42.9 },
    { step: 'first-session-completed', members: 3, percentOfRegistered: 42.9 },
    { step: 'first-review', members: 1, percentOfRegistered: 14.3 },
  ],
  cohorts: [
    { week: '2026-09-07', members: 4, activated: 2, activationPercent: 50, retained: 2, retentionPercent: 50 },
    { week: '2026-09-14', members: 3, activated: 1, activationPercent: 33.3, retained: 2, retentionPercent: 66.7 },
    { week: '2026-11-30', members: 1, activated: 0, activationPercent: null, retained: 0, retentionPercent: null },
  ],
  nps: [
    { month: '2026-09-01', responses: 4, promoters: 2, passives: 1, detractors: 1, score: 25 },
    { month: '2026-10-01', responses: 3, promoters: 2, passives: 0, detractors: 1, score: 33.3 },
  ],
  active: { today: 2, last7Days: 3, last28Days: 4 },
  sessionsPerWeek: [{ week: '2026-10-12', completed: 2 }],
  creditMinutesInCirculation: 1260,
};

describe('the staff console', () => {
  it('draws each figure against its target from the report', async () => {
    api.answer('GET /api/v1/admin/kpis', ok(report));
    await render(<KpiScreen />, { wrapper: api.providers('en') });

    expect(
      await screen.findByLabelText(
        'Funnel of the period’s sign-ups: Registered 7 · 100 %, Verified 4 · 57.1 %, Profile with skills 2 · 28.6 %, First match seen 1 · 14.3 %, ' +
          'First message 5 · 71.4 %, First session requested 3 · 42.9 %, First session completed 3 · 42.9 %, First review 1 · 14.3 %',
      ),
    ).toBeOnTheScreen();
    // The latest cohort that can be measured, against the plan: activation missed, retention met; the last month's NPS.
    expect(screen.getByLabelText('Activation D+7: 33.3 %, target 65 %')).toBeOnTheScreen();
    expect(screen.getByLabelText('Retention W4: 66.7 %, target 40 %')).toBeOnTheScreen();
    expect(screen.getByLabelText('NPS: 33.3, target 50')).toBeOnTheScreen();
    expect(screen.getByLabelText('Week of 2026-09-14: 3 members, activation 33.3 %, retention 66.7 %')).toBeOnTheScreen();
    expect(screen.getByLabelText('Week of 2026-11-30: 1 members, activation —, retention —')).toBeOnTheScreen();
    expect(screen.getByLabelText('Retention at week 4 by cohort: 2026-09-07 50 %, 2026-09-14 66.7 %')).toBeOnTheScreen();
    expect(screen.getByLabelText('NPS by month: 2026-09 25, 2026-10 33.3')).toBeOnTheScreen();
    expect(screen.getByText('Active members: 2 today, 3 in 7 days, 4 in 28 days')).toBeOnTheScreen();
    expect(screen.getByText('Credits in circulation: 21 hours')).toBeOnTheScreen();
    expect(new URL(api.callsTo('GET', '/api/v1/admin/kpis')[0]!.url).searchParams.get('weeks')).toBe('12');
  });

  it('says when there is nothing to draw yet instead of drawing empty charts', async () => {
    api.answer('GET /api/v1/admin/kpis', ok({ ...report, cohorts: [report.cohorts[2]], nps: [] }));
    await render(<KpiScreen />, { wrapper: api.providers('en') });

    expect(await screen.findByText(en['staff.kpis.noNps'])).toBeOnTheScreen();
    expect(screen.getByText(en['staff.kpis.noRetentionYet'])).toBeOnTheScreen();
    expect(screen.queryByLabelText(/^NPS by month/)).toBeNull();
    expect(screen.getByLabelText('Retention W4: —, target 40 %')).toBeOnTheScreen();
  });

  it('decides a reported message with a reason, and only disputes are settled, with their terms', async () => {
    const reported = {
      id: caseId, kind: 'chat-message', subject: 'd-1/3', contextId: 'd-1', status: 'open', priority: 20, reportedUserId: '0194e1c0-0000-7000-8000-0000000000b0',
      reportedText: 'You are useless', reports: [{ reporterId: '0194e1c0-0000-7000-8000-0000000000a0', reason: 'Insults', reportedAt: '2026-12-07T09:00:00Z' }],
      assignedTo: null, openedAt: '2026-12-07T09:00:00Z', outcome: null, decisionReason: null, decidedBy: null, decidedAt: null,
    };
    api.answer(`GET /api/v1/admin/cases/${caseId}`, ok(reported));
    api.answer('GET /api/v1/admin/audit', ok([]));
    api.answer(`POST /api/v1/admin/cases/${caseId}/decision`, ok({ ...reported, status: 'decided', outcome: 'warned', decisionReason: 'Insulted a member', decidedAt: '2026-12-07T09:05:00Z' }));
    await render(<CaseScreen />, { wrapper: api.providers('en') });

    expect(await screen.findByText('You are useless')).toBeOnTheScreen();
    expect(screen.queryByRole('radio', { name: en['staff.decide.settle'] })).toBeNull();
    await fireEvent.press(screen.getByRole('radio', { name: en['staff.decide.warn'] }));
    await fireEvent.changeText(screen.getByLabelText(en['staff.decision.reason']), 'too short');
    expect(screen.getByRole('button', { name: en['staff.decision.submit'] })).toBeDisabled();
    await fireEvent.changeText(screen.getByLabelText(en['staff.decision.reason']), '  Insulted a member  ');
    await fireEvent.press(screen.getByRole('button', { name: en['staff.decision.submit'] }));

    expect(await screen.findByText(en['staff.decision.done'])).toBeOnTheScreen();
    expect(api.callsTo('POST', `/api/v1/admin/cases/${caseId}/decision`).map((call) => call.body)).toEqual([
      { outcome: 'warn', reason: 'Insulted a member', days: null, learnerRefundPercent: null, noShowBy: null },
    ]);
    expect(screen.getByText(/^Warned/)).toBeOnTheScreen();
  });

  it('shows the exchange around a reported message, the reported one in its place', async () => {
    const sender = '0194e1c0-0000-7000-8000-0000000000b0';
    const reporter = '0194e1c0-0000-7000-8000-0000000000a0';
    const reported = {
      id: caseId, kind: 'chat-message', subject: 'd-1/3', contextId: 'd-1', status: 'open', priority: 20, reportedUserId: sender,
      reportedText: 'You are useless', reports: [], assignedTo: null, openedAt: '2026-12-07T09:00:00Z', outcome: null, decisionReason: null, decidedBy: null, decidedAt: null,
      waitingSince: new Date(Date.now() - 14 * 3_600_000).toISOString(), dueAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      appeal: null,
      context: {
        messages: [
          { sequence: 4, senderId: '00000000-0000-0000-0000-000000000000', text: '', sentAt: '2026-12-07T08:52:00Z' },
          { sequence: 2, senderId: reporter, text: 'Can we move the lesson?', sentAt: '2026-12-07T08:50:00Z' },
        ],
        rating: null, skillLabel: null, revieweeId: null, reply: null, learnerId: null, teacherId: null, creditMinutes: null, requestedAt: null,
      },
    };
    api.answer(`GET /api/v1/admin/cases/${caseId}`, ok(reported));
    api.answer('GET /api/v1/admin/audit', ok([]));
    await render(<CaseScreen />, { wrapper: api.providers('en') });

    const conversation = await screen.findByLabelText(en['staff.case.conversation']);
    // Open for 14 hours, a message is 2 hours late.
    expect(screen.getByText(/^Waiting for 1[34] h \d+ min · overdue by [12] h \d+ min$/)).toBeOnTheScreen();
    expect(within(conversation).getAllByRole('text').map((line) => line.props.children)).toEqual([
      expect.stringMatching(new RegExp(`^#2 · ${reporter} · .*: Can we move the lesson\\?$`)),
      '#3 · reported: You are useless',
      expect.stringMatching(/^#4 · a former member · .*: $/),
    ]);
  });

  it('shows a disputed booking’s terms, its parties by id, its steps and its session’s conversation', async () => {
    const sender = '0194e1c0-0000-7000-8000-0000000000b0';
    const reporter = '0194e1c0-0000-7000-8000-0000000000a0';
    const noContext = { messages: [], rating: null, skillLabel: null, revieweeId: null, reply: null, learnerId: null, teacherId: null, creditMinutes: null, requestedAt: null };
    const reported = {
      id: caseId, kind: 'dispute', subject: '0194e1c0-0000-7000-8000-0000000000d0', contextId: null, status: 'open', priority: 30, reportedUserId: sender,
      reportedText: null, reports: [], assignedTo: null, openedAt: '2026-12-07T09:00:00Z', outcome: null, decisionReason: null, decidedBy: null, decidedAt: null,
      appeal: null, context: noContext,
    };
    api.answer('GET /api/v1/admin/audit', ok([]));
    api.answer(`GET /api/v1/admin/cases/${caseId}`, ok({
      ...reported,
      context: {
        ...noContext, skillLabel: 'Guitar', creditMinutes: 60, learnerId: reporter, teacherId: sender, requestedAt: '2026-12-01T10:00:00Z',
        messages: [
          { sequence: 7, senderId: reporter, text: 'I am in the call, are you coming?', sentAt: '2026-12-05T10:05:00Z' },
          { sequence: 8, senderId: sender, text: 'Running late, sorry', sentAt: '2026-12-05T10:20:00Z' },
        ],
      },
      timeline: [
        { step: 'requested', at: '2026-12-01T10:00:00Z', actorId: reporter, creditMinutes: 60, startsAt: null, endsAt: null, learnerRefundPercent: null, cancellationReason: null, late: false },
        { step: 'credits-held', at: '2026-12-01T10:00:01Z', actorId: null, creditMinutes: 60, startsAt: null, endsAt: null, learnerRefundPercent: null, cancellationReason: null, late: false },
        { step: 'confirmed', at: '2026-12-02T08:00:00Z', actorId: null, creditMinutes: null, startsAt: '2026-12-05T10:00:00Z', endsAt: '2026-12-05T11:00:00Z', learnerRefundPercent: null, cancellationReason: null, late: false },
        { step: 'disputed', at: '2026-12-05T10:30:00Z', actorId: reporter, creditMinutes: null, startsAt: null, endsAt: null, learnerRefundPercent: null, cancellationReason: null, late: false },
        { step: 'settled', at: '2026-12-06T09:00:00Z', actorId: '00000000-0000-0000-0000-000000000000', creditMinutes: null, startsAt: null, endsAt: null, learnerRefundPercent: 40, cancellationReason: null, late: false },
      ],
    }));
    await render(<CaseScreen />, { wrapper: api.providers('en') });
    expect(await screen.findByText(/^Guitar · 60 credit minutes in escrow · requested /)).toBeOnTheScreen();
    expect(screen.getByText(`Learner ${reporter} · teacher ${sender}`)).toBeOnTheScreen();
    const steps = within(screen.getByLabelText(en['staff.case.timeline'])).getAllByRole('text').map((line) => (line.props.children as unknown[]).join(''));
    expect(steps).toEqual([
      expect.stringMatching(new RegExp(`· Requested by ${reporter} · 60 credit minutes$`)),
      expect.stringMatching(/· 60 credit minutes held in escrow$/),
      expect.stringMatching(/· Confirmed for .+ – .+$/),
      expect.stringMatching(new RegExp(`· Disputed by ${reporter} · escrow frozen$`)),
      expect.stringMatching(/· Settled by a former member: 40 % back to the learner, the rest to the teacher$/),
    ]);
    const chat = screen.getByLabelText(en['staff.case.sessionConversation']);
    expect(within(chat).getAllByRole('text').map((line) => line.props.children)).toEqual([
      expect.stringMatching(new RegExp(`^#7 · ${reporter} · .*: I am in the call, are you coming\\?$`)),
      expect.stringMatching(new RegExp(`^#8 · ${sender} · .*: Running late, sorry$`)),
    ]);
  });

  it('removes a reported message with a reason', async () => {
    const reported = {
      id: caseId, kind: 'chat-message', subject: 'd-1/3', contextId: 'd-1', status: 'open', priority: 20, reportedUserId: '0194e1c0-0000-7000-8000-0000000000b0',
      reportedText: 'You are useless', reports: [], assignedTo: null, openedAt: '2026-12-07T09:00:00Z', outcome: null, decisionReason: null, decidedBy: null, decidedAt: null,
      waitingSince: new Date(Date.now() - 14 * 3_600_000).toISOString(), dueAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      appeal: null,
      context: { messages: [], rating: null, skillLabel: null, revieweeId: null, reply: null, learnerId: null, teacherId: null, creditMinutes: null, requestedAt: null },
    };
    api.answer(`GET /api/v1/admin/cases/${caseId}`, ok(reported));
    api.answer('GET /api/v1/admin/audit', ok([]));
    api.answer(`POST /api/v1/admin/cases/${caseId}/decision`, ok({ ...reported, status: 'decided', outcome: 'content-removed', decisionReason: 'Insults a member', decidedAt: '2026-12-07T09:05:00Z' }));
    await render(<CaseScreen />, { wrapper: api.providers('en') });

    await fireEvent.press(await screen.findByRole('radio', { name: en['staff.decide.remove-content'] }));
    await fireEvent.changeText(screen.getByLabelText(en['staff.decision.reason']), 'Insults a member');
    await fireEvent.press(screen.getByRole('button', { name: en['staff.decision.submit'] }));

    expect(await screen.findByText(en['staff.decision.done'])).toBeOnTheScreen();
    // Nothing around it was recorded: no empty context section.
    expect(screen.queryByText(en['staff.case.context'])).toBeNull();
    expect(api.callsTo('POST', `/api/v1/admin/cases/${caseId}/decision`).map((call) => call.body)).toEqual([
      { outcome: 'remove-content', reason: 'Insults a member', days: null, learnerRefundPercent: null, noShowBy: null },
    ]);
    expect(screen.getByText(new RegExp(`^${en['staff.outcome.content-removed']}`))).toBeOnTheScreen();
  });

  it('settles a dispute with the refund and the upheld no-show', async () => {
    const dispute = {
      id: caseId, kind: 'dispute', subject: '0194e1c0-0000-7000-8000-0000000000d0', contextId: null, status: 'open', priority: 30, reportedUserId: null,
      reportedText: null, reports: [], assignedTo: null, openedAt: '2026-12-07T09:00:00Z', outcome: null, decisionReason: null, decidedBy: null, decidedAt: null,
    };
    api.answer(`GET /api/v1/admin/cases/${caseId}`, ok(dispute));
    api.answer('GET /api/v1/admin/audit', ok([]));
    api.answer(`POST /api/v1/admin/cases/${caseId}/decision`, ok({ ...dispute, status: 'decided', outcome: 'settled', decidedAt: '2026-12-07T09:05:00Z' }));
    await render(<CaseScreen />, { wrapper: api.providers('en') });

    expect(await screen.findByRole('radio', { name: en['staff.decide.settle'] })).toBeChecked();
    expect(screen.queryByRole('radio', { name: en['staff.decide.ban'] })).toBeNull();
    await fireEvent.changeText(screen.getByLabelText(en['staff.decision.refund']), '70');
    await fireEvent.press(screen.getByRole('radio', { name: en['staff.decision.noShowTeacher'] }));
    await fireEvent.changeText(screen.getByLabelText(en['staff.decision.reason']), 'The teacher did not come');
    await fireEvent.press(screen.getByRole('button', { name: en['staff.decision.submit'] }));

    expect(await screen.findByText(en['staff.decision.done'])).toBeOnTheScreen();
    expect(api.callsTo('POST', `/api/v1/admin/cases/${caseId}/decision`).map((call) => call.body)).toEqual([
      { outcome: 'settle', reason: 'The teacher did not come', days: null, learnerRefundPercent: 70, noShowBy: 'teacher' },
    ]);
  });
});
