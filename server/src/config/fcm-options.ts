import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { z } from 'zod';
import { declareOptions } from './declare-options';

/** Google's OAuth2 token endpoint: the `token_uri` of every service account Firebase issues. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

const WHERE_TO_GET_IT = 'the service account JSON from Firebase console › Project settings › Service accounts › Generate new private key';

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? `is required: ${what}` : `must be a non-empty string (${what})`),
});

const isPrivateKey = (pem: string): boolean => {
  try {
    crypto.createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
};

/** The fields of a service account key the provider uses; the file's other fields are allowed and ignored. */
const serviceAccountFields = z.looseObject({
  project_id: z.string(required(`the Firebase project id, in ${WHERE_TO_GET_IT}`)).min(1),
  client_email: z.string(required(`the service account's email, in ${WHERE_TO_GET_IT}`)).min(1),
  private_key: z.string(required(`the PEM key "-----BEGIN PRIVATE KEY-----…", in ${WHERE_TO_GET_IT}`)).refine(isPrivateKey, {
    message:
      'is not a PEM private key: copy it whole from the JSON file, "\\n" line breaks included (from an env variable, keep them escaped)',
  }),
  private_key_id: z.string().min(1).optional(),
  /** Where access tokens are asked for: Google's, unless a proxy or a test stands in for it. */
  token_uri: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});

/** A service account as the provider uses it, whatever form the config gave it in. */
export type FcmServiceAccount = z.infer<typeof serviceAccountFields>;

/**
 * The config may give the key file's content as an object (`require('./firebase-key.json')`), as a
 * JSON string (an env variable), or as the path to the file. Parse errors never quote the content:
 * it holds a private key.
 */
const readServiceAccount = (value: unknown, ctx: z.RefinementCtx): unknown => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is a string starting with "{" but not valid JSON: give the key file\'s content unchanged' });
      return z.NEVER;
    }
  }
  let content: string;
  try {
    content = fs.readFileSync(text, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    ctx.addIssue({
      code: 'custom',
      message: `cannot be read as a file (${code}): give the service account JSON as an object, as a JSON string, or as the path to its .json file`,
    });
    return z.NEVER;
  }
  try {
    return JSON.parse(content);
  } catch {
    ctx.addIssue({ code: 'custom', message: `names a file that is not JSON (${text}): give the path to the service account .json file` });
    return z.NEVER;
  }
};

const serviceAccountSchema = z
  .union([z.string().min(1), z.record(z.string(), z.unknown())], {
    error: (issue) =>
      issue.input === undefined
        ? `is required: ${WHERE_TO_GET_IT}, as an object, a JSON string or a file path`
        : 'must be the service account JSON: an object, a JSON string or the path to the .json file',
  })
  .transform(readServiceAccount)
  .pipe(serviceAccountFields);

/**
 * Options of the `fcm` provider (`providers.fcm`), declared once for boot validation and the admin.
 * `projectId` defaults to the service account's `project_id`.
 */
export const fcmOptions = declareOptions({
  projectId: {
    schema: z.string().min(1).optional(),
    label: 'Firebase project id',
    description: "Default: the service account's project_id",
  },
  serviceAccount: {
    schema: serviceAccountSchema,
    label: 'Service account',
    secret: true,
    description: 'The key JSON (object, JSON string or file path) of a service account allowed to send with FCM',
  },
  httpAgent: {
    schema: z
      .custom<http.Agent>((value) => value instanceof http.Agent, { message: 'must be an http.Agent (such as a proxy agent)' })
      .optional(),
    label: 'HTTP agent',
    description: 'Carries every request to Google (token and FCM): a proxy agent, or a test double of Google',
  },
});

export const fcmOptionsSchema = fcmOptions.schema;

/** `providers.fcm` as the provider receives it: checked, the service account parsed. */
export type FcmOptions = z.infer<typeof fcmOptionsSchema>;

/** `providers.fcm` as an app writes it. */
export type FcmOptionsInput = z.input<typeof fcmOptionsSchema>;
