// Subject and name syntax both bus adapters enforce, so that code accepted by the embedded bus is accepted by NATS.

/** NATS has no hard subject limit, but long subjects cost on every message; ours are a few tokens. */
export const MAX_SUBJECT_LENGTH_CHARS = 256;
/** JetStream stream and consumer names end up in API subjects and file names; keep them short. */
export const MAX_NAME_LENGTH_CHARS = 64;

const SINGLE_TOKEN_WILDCARD = '*';
const TAIL_WILDCARD = '>';
// Whitespace would split the NATS protocol line; an empty token ("a..b") is invalid in NATS.
const INVALID_TOKEN = /\s/;
// Stream and durable names: JetStream forbids `.`, `*`, `>`, whitespace and path separators.
const VALID_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Splits a subject into tokens; throws a TypeError for a malformed one. A `filter` may hold the
 * wildcards `*` (exactly one token) and `>` (one or more tokens, last position only); a `literal`
 * subject (what is requested or published) may not.
 */
export function parseSubject(subject: string, kind: 'literal' | 'filter'): readonly string[] {
  if (subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH_CHARS) {
    throw new TypeError(`subject must have 1 to ${MAX_SUBJECT_LENGTH_CHARS} characters: '${subject}'`);
  }
  const tokens = subject.split('.');
  tokens.forEach((token, index) => {
    if (token.length === 0 || INVALID_TOKEN.test(token)) {
      throw new TypeError(`subject has an empty or blank token: '${subject}'`);
    }
    const isWildcard = token === SINGLE_TOKEN_WILDCARD || token === TAIL_WILDCARD;
    if (isWildcard && kind === 'literal') {
      throw new TypeError(`a wildcard is not allowed here (only in subscriptions): '${subject}'`);
    }
    if (token === TAIL_WILDCARD && index !== tokens.length - 1) {
      throw new TypeError(`'>' must be the last token: '${subject}'`);
    }
  });
  return tokens;
}

/**
 * True when every subject that `inner` matches is also matched by `filter`. With a literal `inner`
 * this is ordinary NATS matching; with a wildcard `inner` it answers "is this subscription inside
 * that stream's subjects?".
 */
export function subjectCovers(filter: string, inner: string): boolean {
  const filterTokens = filter.split('.');
  const innerTokens = inner.split('.');
  for (let index = 0; index < filterTokens.length; index++) {
    const filterToken = filterTokens[index];
    const innerToken = innerTokens[index];
    if (filterToken === TAIL_WILDCARD) return innerToken !== undefined;
    if (innerToken === undefined || innerToken === TAIL_WILDCARD) return false;
    if (filterToken === SINGLE_TOKEN_WILDCARD) continue;
    if (filterToken !== innerToken) return false;
  }
  return filterTokens.length === innerTokens.length;
}

/** Throws a TypeError unless `name` can name a JetStream stream or durable consumer. */
export function assertName(name: string, what: string): void {
  if (name.length > MAX_NAME_LENGTH_CHARS || !VALID_NAME.test(name)) {
    throw new TypeError(
      `${what} must be 1 to ${MAX_NAME_LENGTH_CHARS} characters of A-Z a-z 0-9 _ -: '${name}'`,
    );
  }
}

/**
 * Throws a TypeError unless `subject` lies inside one of the subjects the bus stores durably
 * (the JetStream stream's subjects; the same list is enforced in-process).
 */
export function assertEventSubject(subject: string, eventSubjects: readonly string[]): void {
  if (!eventSubjects.some((stored) => subjectCovers(stored, subject))) {
    throw new TypeError(
      `'${subject}' is not a durable event subject (expected under ${eventSubjects.join(', ')})`,
    );
  }
}

/**
 * Throws a TypeError when a request or serve subject overlaps the durable event subjects: over NATS
 * the stream would store such a request and JetStream would answer it in the responder's place.
 */
export function assertRequestSubject(subject: string, eventSubjects: readonly string[]): void {
  const clash = eventSubjects.find((stored) => subjectsIntersect(stored, subject));
  if (clash !== undefined) {
    throw new TypeError(`request subject '${subject}' overlaps the durable event subjects '${clash}'`);
  }
}

/** True when some subject matches both filters. */
export function subjectsIntersect(left: string, right: string): boolean {
  const leftTokens = left.split('.');
  const rightTokens = right.split('.');
  for (let index = 0; index < Math.max(leftTokens.length, rightTokens.length); index++) {
    const leftToken = leftTokens[index];
    const rightToken = rightTokens[index];
    if (leftToken === undefined || rightToken === undefined) return false;
    if (leftToken === TAIL_WILDCARD || rightToken === TAIL_WILDCARD) return true;
    if (leftToken === SINGLE_TOKEN_WILDCARD || rightToken === SINGLE_TOKEN_WILDCARD) continue;
    if (leftToken !== rightToken) return false;
  }
  return true;
}
