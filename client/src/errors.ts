/** A request the plugin's API refused or that did not reach it: `status` is 0 when there was no answer. */
export class NotifsError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(message: string, status: number, body?: unknown) {
    super(message);
    this.name = 'NotifsError';
    this.status = status;
    this.body = body;
  }
}

/** Strapi answers `{ error: { message } }`; anything else is shown as the status text. */
export const errorFrom = async (response: Response, what: string): Promise<NotifsError> => {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const detail = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  const reason = typeof detail === 'string' ? detail : response.statusText || 'no details';
  const hint = response.status === 401 ? ' (is the token a valid users-permissions JWT?)' : '';
  return new NotifsError(`${what} answered ${response.status}: ${reason}${hint}`, response.status, body);
};
