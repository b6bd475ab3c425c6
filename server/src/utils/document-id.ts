import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 24;
const POOL_IDS = 256;

// Random bytes drawn 256 ids at a time: one randomBytes() call per id was a visible cost of fan-outs.
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * A documentId in Strapi's shape (24 lowercase letters and digits, starting with a letter). Made
 * here rather than by the database layer so inserts need no read-back to learn it.
 */
export const createDocumentId = (): string => {
  if (offset + ID_LENGTH > pool.length) {
    pool = randomBytes(ID_LENGTH * POOL_IDS);
    offset = 0;
  }
  let id = ALPHABET[pool[offset] % 26];
  for (let i = 1; i < ID_LENGTH; i += 1) id += ALPHABET[pool[offset + i] % 36];
  offset += ID_LENGTH;
  return id;
};
