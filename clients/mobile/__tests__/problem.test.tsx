import { render, screen } from '@testing-library/react-native';
import { Text } from 'react-native';

import { ApiProblem, NetworkError, problemFrom } from '@/api/problem';
import { useProblemMessage } from '@/api/useProblemMessage';
import en from '@/i18n/en.json';
import fr from '@/i18n/fr.json';
import { format, I18nProvider, type Language } from '@/i18n';

function problemResponse(status: number, body: string, headers: Record<string, string> = {}, statusText = 'Status text'): Response {
  return new Response(body, { status, statusText, headers: { 'Content-Type': 'application/problem+json', ...headers } });
}

describe('problemFrom', () => {
  it('reads an already parsed body: slug from the last segment of type, detail, errors, Retry-After', async () => {
    const response = problemResponse(429, '', { 'Retry-After': '30' }, 'Too Many Requests');
    const problem = await problemFrom(response, {
      type: 'https://skillswap.app/problems/identity/login-locked',
      title: 'Locked',
      detail: 'Too many attempts.',
      errors: { Email: ['Unknown address.'] },
    });

    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem).toMatchObject({ status: 429, slug: 'login-locked', detail: 'Too many attempts.', retryAfterSeconds: 30 });
    expect(problem.errors).toEqual({ Email: ['Unknown address.'] });
    expect(problem.message).toBe('Too many attempts.');
  });

  it('reads the JSON body itself when it was not parsed yet', async () => {
    const response = problemResponse(
      403,
      JSON.stringify({ type: 'https://skillswap.app/problems/identity/email-not-verified', detail: 'Confirm your address first.' }),
    );
    const problem = await problemFrom(response);

    expect(problem).toMatchObject({ status: 403, slug: 'email-not-verified', detail: 'Confirm your address first.', retryAfterSeconds: undefined });
    expect(problem.errors).toEqual({});
  });

  it('falls back to the title when there is no detail', async () => {
    const problem = await problemFrom(problemResponse(409, JSON.stringify({ type: 'x/slot-taken', title: 'Slot taken' })));
    expect(problem).toMatchObject({ slug: 'slot-taken', detail: 'Slot taken' });
  });

  it('copes with a body that is not JSON (a proxy page): slug from the status, detail from the status text', async () => {
    const response = new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } });
    const problem = await problemFrom(response);

    expect(problem).toMatchObject({ status: 502, slug: 'http-502', detail: 'Bad Gateway', retryAfterSeconds: undefined });
    expect(problem.errors).toEqual({});
  });

  it('does not read the body again when the caller says it had none (null)', async () => {
    const response = problemResponse(500, JSON.stringify({ type: 'x/should-not-be-read' }), {}, 'Internal Server Error');
    const problem = await problemFrom(response, null);

    expect(problem).toMatchObject({ slug: 'http-500', detail: 'Internal Server Error' });
    expect(response.bodyUsed).toBe(false);
  });

  it('reads until when a state ends (a suspension)', async () => {
    const problem = await problemFrom(problemResponse(403, '{}'), {
      type: 'https://skillswap.app/problems/identity/account-suspended',
      detail: 'Suspended.',
      until: '2026-12-14T17:30:00+00:00',
    });
    expect(problem).toMatchObject({ status: 403, slug: 'account-suspended', until: '2026-12-14T17:30:00+00:00' });
  });

  it('ignores a Retry-After that is not a positive number of seconds', async () => {
    const zero = await problemFrom(problemResponse(429, '{}', { 'Retry-After': '0' }), {});
    const date = await problemFrom(problemResponse(429, '{}', { 'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT' }), {});
    expect(zero.retryAfterSeconds).toBeUndefined();
    expect(date.retryAfterSeconds).toBeUndefined();
  });
});

describe('ApiProblem.fieldError', () => {
  const problem = new ApiProblem(400, 'validation', 'One or more validation errors occurred.', {
    Email: ['Not an email address.', 'Too long.'],
    'Location.Country': ['Two letters.'],
  });

  it('finds a field whatever the case of its name, giving its first message', () => {
    expect(problem.fieldError('email')).toBe('Not an email address.');
    expect(problem.fieldError('EMAIL')).toBe('Not an email address.');
    expect(problem.fieldError('location.country')).toBe('Two letters.');
  });

  it('gives null for a field without an error', () => {
    expect(problem.fieldError('password')).toBeNull();
  });
});

function ProblemMessage({ error }: { error: unknown }) {
  const problemMessage = useProblemMessage();
  return <Text>{problemMessage(error) ?? '(nothing to say)'}</Text>;
}

async function renderMessage(error: unknown, language: Language): Promise<void> {
  await render(
    <I18nProvider initial={language}>
      <ProblemMessage error={error} />
    </I18nProvider>,
  );
}

describe('useProblemMessage', () => {
  it.each([
    ['en', en],
    ['fr', fr],
  ] as const)('gives the app message for a known slug, in %s', async (language, catalogue) => {
    const problem = new ApiProblem(403, 'email-not-verified', 'Email address not verified (server words).');

    await render(
      <I18nProvider initial={language}>
        <ProblemMessage error={problem} />
      </I18nProvider>,
    );

    expect(screen.getByText(catalogue['problem.email-not-verified'])).toBeOnTheScreen();
    expect(screen.queryByText(/server words/)).not.toBeOnTheScreen();
  });

  it('speaks each language differently (the French message is not the English one)', () => {
    expect(fr['problem.email-not-verified']).not.toBe(en['problem.email-not-verified']);
  });

  it('appends when to try again', async () => {
    const problem = new ApiProblem(429, 'rate-limited', 'Slow down.', {}, 30);

    await render(
      <I18nProvider initial="fr">
        <ProblemMessage error={problem} />
      </I18nProvider>,
    );

    expect(screen.getByText(`${fr['problem.rate-limited']} ${format(fr['error.retryAfter'], { seconds: 30 })}`)).toBeOnTheScreen();
  });

  it('lists the field messages of a validation problem', async () => {
    const problem = new ApiProblem(400, 'validation', 'One or more validation errors occurred.', {
      Email: ['Not an email address.'],
      Password: ['At least 10 characters.', 'Not this common password.'],
    });

    await render(
      <I18nProvider initial="en">
        <ProblemMessage error={problem} />
      </I18nProvider>,
    );

    expect(
      screen.getByText(`${en['error.checkFields']} Not an email address. At least 10 characters. Not this common password.`),
    ).toBeOnTheScreen();
  });

  it.each([
    ['en', en],
    ['fr', fr],
  ] as const)('says "no connection" when nothing answered, in %s', async (language, catalogue) => {
    await render(
      <I18nProvider initial={language}>
        <ProblemMessage error={new NetworkError(new TypeError('Network request failed'))} />
      </I18nProvider>,
    );

    expect(screen.getByText(catalogue['error.network'])).toBeOnTheScreen();
  });

  it.each([
    ['en', en, 'en-GB'],
    ['fr', fr, 'fr-FR'],
  ] as const)('says until when an account is suspended, on the person’s clock, in %s', async (language, catalogue, locale) => {
    const until = '2026-12-14T17:30:00+00:00';
    await renderMessage(new ApiProblem(403, 'account-suspended', 'server words', {}, undefined, until), language);

    const when = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(until));
    expect(screen.getByText(format(catalogue['problem.account-suspended'], { until: when }))).toBeOnTheScreen();
    expect(catalogue['problem.account-suspended']).toContain('{until}');
  });

  it('falls back to the server detail for a slug the app does not know', async () => {
    const problem = new ApiProblem(409, 'brand-new-rule', 'A rule the app does not know yet.');

    await render(
      <I18nProvider initial="fr">
        <ProblemMessage error={problem} />
      </I18nProvider>,
    );

    expect(screen.getByText('A rule the app does not know yet.')).toBeOnTheScreen();
  });

  it('says "something went wrong" for an unknown slug without detail', async () => {
    await renderMessage(new ApiProblem(500, 'http-500', ''), 'en');
    expect(screen.getByText(en['error.unexpected'])).toBeOnTheScreen();
  });

  it('says "something went wrong" for an error that is neither a problem nor a network failure', async () => {
    await renderMessage(new Error('boom'), 'fr');
    expect(screen.getByText(fr['error.unexpected'])).toBeOnTheScreen();
  });

  it('says nothing when there is no error', async () => {
    await renderMessage(null, 'en');
    expect(screen.getByText('(nothing to say)')).toBeOnTheScreen();
  });
});
