// The one way the UI talks to the platform: its public JSON API (cookies carry the session) and the HIS interface.

/** A refusal as the API words it (problem+json): the field it is about and a reason in Chinese. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field: string | null,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/**
 * The session's CSRF token, from the cookie the server sets at login (not HttpOnly: our script reads it, another
 * site's cannot), for the header every state-changing call carries (src/api/rest/csrf.ts).
 */
export function csrfHeaders(): Record<string, string> {
  const match = /(?:^|;\s*)yidi_csrf=([^;]*)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  return match?.[1] ? { 'x-csrf-token': decodeURIComponent(match[1]) } : {};
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const problem = (body ?? {}) as { code?: string; detail?: string; field?: string | null };
    throw new ApiError(
      response.status,
      problem.code ?? 'error',
      problem.detail ?? response.statusText,
      problem.field ?? null,
    );
  }
  return body as T;
}

export async function getJson<T>(url: string): Promise<T> {
  return parse<T>(await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }));
}

export async function sendJson<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<T> {
  return parse<T>(
    await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { ...csrfHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** Uploads a file as the request body itself (the materials endpoint takes no multipart). */
export async function uploadFile<T>(url: string, file: File): Promise<T> {
  return parse<T>(
    await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...csrfHeaders(), 'content-type': file.type },
      body: file,
    }),
  );
}

/** A query string of the given values, leaving out empty ones. */
export function query(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
