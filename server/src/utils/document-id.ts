import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A documentId in Strapi's shape (24 lowercase letters and digits, starting with a letter). Made
 * here rather than by the database layer so inserts need no read-back to learn it.
 */
export const createDocumentId = (): string => {
  const bytes = randomBytes(24);
  let id = ALPHABET[bytes[0] % 26];
  for (let i = 1; i < 24; i += 1) id += ALPHABET[bytes[i] % 36];
  return id;
};
