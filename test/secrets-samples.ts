// Credential-shaped test values, generated at run time so no real-looking token is ever committed to this
// repository (push protection and secret scanners would rightly flag it). Deterministic per seed.

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const BASE64 = ALNUM + '+/';
const HEX = '0123456789abcdef';

/** A pseudo-random string from `alphabet` (xorshift; the same seed gives the same string). */
export function randomString(length: number, alphabet: string, seed = 1): string {
  let state = (seed * 2654435761) >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

export const samples = {
  awsAccessKeyId: (seed = 1) => 'AK' + 'IA' + randomString(16, UPPER + DIGITS, seed),
  awsSecretAccessKey: (seed = 2) => randomString(40, BASE64, seed),
  azureAccountKey: (seed = 3) => randomString(86, BASE64, seed) + '==',
  wandbHexKey: (seed = 4) => randomString(40, HEX, seed),
  wandbV1Key: (seed = 5) => 'wandb' + '_v1_' + randomString(77, ALNUM + '_', seed),
  huggingFace: (seed = 6) => 'h' + 'f_' + randomString(34, UPPER + LOWER, seed),
  openAiProject: (seed = 7) => 'sk-' + 'proj-' + randomString(64, ALNUM + '_-', seed),
  openAiLegacy: (seed = 8) => 'sk-' + randomString(20, ALNUM, seed) + 'T3Blbk' + 'FJ' + randomString(20, ALNUM, seed + 1),
  anthropic: (seed = 9) => 'sk-' + 'ant-api03-' + randomString(93, ALNUM + '_-', seed) + 'AA',
  githubClassic: (seed = 10) => 'gh' + 'p_' + randomString(36, ALNUM, seed),
  githubFineGrained: (seed = 11) => 'github' + '_pat_' + randomString(82, ALNUM + '_', seed),
  slackBot: (seed = 12) => 'xo' + 'xb-' + randomString(12, DIGITS, seed) + '-' + randomString(13, DIGITS, seed + 1) + '-' + randomString(24, ALNUM, seed + 2),
  dbPassword: (seed = 13) => 'Vq' + randomString(14, ALNUM, seed),
  genericSecret: (seed = 14) => randomString(32, ALNUM, seed),
  /** A PEM block with a plausible body (random base64, 64 characters a line). */
  privateKey: (kind = 'RSA ', seed = 15) => {
    const body = randomString(1600, BASE64, seed).match(/.{1,64}/g)!.join('\n');
    return `-----BEGIN ${kind}PRIVATE KEY-----\n${body}\n-----END ${kind}PRIVATE KEY-----\n`;
  },
  /** A Google Cloud service-account key file as the console downloads it (key on one JSON line). */
  gcpServiceAccount: (seed = 16) => {
    const body = randomString(1600, BASE64, seed).match(/.{1,64}/g)!.join('\n');
    return JSON.stringify(
      {
        type: 'service_account',
        project_id: 'kestrel-churn-prod',
        private_key_id: randomString(40, HEX, seed),
        private_key: `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`,
        client_email: 'churn-scorer@kestrel-churn-prod.iam.gserviceaccount.com',
        client_id: randomString(21, DIGITS, seed),
        token_uri: 'https://oauth2.googleapis.com/token',
      },
      null,
      2,
    );
  },
};
