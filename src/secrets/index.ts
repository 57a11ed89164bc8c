// Secret detection and masking, for the secrets check and for any check or reporter that shows repository
// text: mask what you print with maskSecret / redactSecrets.
export { maskSecret, maskRanges, MAX_REVEALED } from './mask.js';
export { findSecrets, redactSecrets, SecretLineScanner, type SecretMatch } from './scanner.js';
export { SECRET_RULES, GENERIC_SECRET_RULE, isPlaceholderValue, shannonEntropy, type SecretRule } from './rules.js';
export { envFileRole, parseEnvFile, gitignoreCovers, type EnvEntry, type EnvFileRole } from './env-files.js';
