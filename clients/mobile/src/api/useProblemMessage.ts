import { type MessageKey, useI18n } from '@/i18n';

import { ApiProblem, NetworkError } from './problem';

/**
 * What to tell the person about a failed request, in their language: a message of the app's own for the problems it
 * knows (by slug), otherwise the server's detail; "no connection" when nothing answered.
 */
export function useProblemMessage(): (error: unknown) => string | null {
  const { t, formatDateTime } = useI18n();
  return (error) => {
    if (!error) {
      return null;
    }
    if (error instanceof NetworkError) {
      return t('error.network');
    }
    if (error instanceof ApiProblem) {
      const key = `problem.${error.slug}` as MessageKey;
      // A suspension says until when, on the person's clock.
      const known = t(key, error.until ? { until: formatDateTime(error.until) } : undefined);
      if (known !== key) {
        return error.retryAfterSeconds ? `${known} ${t('error.retryAfter', { seconds: error.retryAfterSeconds })}` : known;
      }
      if (error.status === 429) {
        // A limit the app has no message of its own for (the gateway's): say when to try again.
        return error.retryAfterSeconds ? `${t('problem.rate-limited')} ${t('error.retryAfter', { seconds: error.retryAfterSeconds })}` : t('problem.rate-limited');
      }
      if (error.status === 400 && Object.keys(error.errors).length > 0) {
        // The fields' own messages come from the server; the form shows each under its field when it has one.
        return `${t('error.checkFields')} ${Object.values(error.errors).flat().join(' ')}`;
      }
      return error.detail || t('error.unexpected');
    }
    return t('error.unexpected');
  };
}
