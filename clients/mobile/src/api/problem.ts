/**
 * An answer the API gave instead of what was asked: application/problem+json with a stable type whose last path
 * segment is the slug ("https://skillswap.app/problems/identity/email-not-verified" → "email-not-verified"), a
 * detail written for people, and for validation problems the fields and their messages.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly detail: string,
    readonly errors: Record<string, string[]> = {},
    readonly retryAfterSeconds?: number,
    /** When a state the problem describes ends (a suspension's "until"). */
    readonly until?: string,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  /** The first message for a field ("email", "location.country"), for showing it under that field. */
  fieldError(field: string): string | null {
    const key = Object.keys(this.errors).find((name) => name.toLowerCase() === field.toLowerCase());
    return key ? (this.errors[key]?.[0] ?? null) : null;
  }
}

/** The network did not answer at all (offline, server down): not a problem the server described. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

interface ProblemBody {
  type?: string;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
  until?: string;
}

/** The problem an answer describes; <paramref name="parsed"/> is its body when the caller already read it. */
export async function problemFrom(response: Response, parsed?: unknown): Promise<ApiProblem> {
  let body: ProblemBody = typeof parsed === 'object' && parsed !== null ? (parsed as ProblemBody) : {};
  if (parsed === undefined && !response.bodyUsed) {
    try {
      body = (await response.json()) as ProblemBody;
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
  }
  const slug = body.type?.split('/').pop() ?? `http-${response.status}`;
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiProblem(
    response.status,
    slug,
    body.detail ?? body.title ?? response.statusText,
    body.errors ?? {},
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    typeof body.until === 'string' ? body.until : undefined,
  );
}
