import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh 128-bit token as 32 lowercase hex digits. */
export function createToken(): string {
  return randomBytes(16).toString('hex');
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** The token in a request URL's query string (`?token=...`), or null. */
export function tokenOfUrl(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    return new URL(url, 'http://127.0.0.1').searchParams.get('token');
  } catch {
    return null;
  }
}
