// Finds things that look like committed secrets in text: private keys, cloud and service tokens,
// passwords and API keys written as literal values. Placeholders and environment references pass.

export interface SecretFinding {
  file: string;
  line: number;
  rule: string;
  /** The line, with the suspected secret masked. */
  excerpt: string;
}

interface Rule {
  name: string;
  pattern: RegExp;
  /** Index of the capture holding the value; the whole match when absent. */
  group?: number;
}

const RULES: Rule[] = [
  { name: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'AWS secret access key', pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})/i, group: 1 },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'Stripe live key', pattern: /\b[rs]k_live_[A-Za-z0-9]{16,}/ },
  { name: 'bearer token', pattern: /Bearer\s+([A-Za-z0-9._~+/=-]{16,})/, group: 1 },
  // A password, secret, API key or access token given as a literal value in code, config or an env file
  // (environment references, placeholders and empty values pass, see PLACEHOLDER).
  { name: 'literal password or key', pattern: /[A-Za-z0-9_]*(?:password|passwd|secret|api_?key|access_?token)["']?\s*[:=]\s*["']?([^\s"'`,;)]{4,})/i, group: 1 },
  { name: 'Neo4j auth with a literal password', pattern: /NEO4J_AUTH["']?\s*[:=]\s*["']?neo4j\/([^\s"'$]{1,})/, group: 1 },
  { name: 'API key in ENDUSE_API_KEYS', pattern: /ENDUSE_API_KEYS["']?\s*[:=]\s*["'`]\w+:(?:read|write):([^"'`,$\s]{8,})/, group: 1 },
];

/** Values that are clearly not secrets: references, placeholders, fixtures. */
const PLACEHOLDER = /^(?:[$<{?:\\]|process\.env|env\.|options\.|settings\.|config\.|undefined|null|true|false|string|number|\[|\()|example|placeholder|changeme|change-me|your[-_]|dummy|fake|not-a-key|test|0123456789|\.\.\.|…|xxxx|\*\*\*|redacted/i;

/**
 * Every suspected secret in `text`, with its line.
 * @example scanForSecrets('notes.md', text).map((finding) => `${finding.file}:${finding.line} ${finding.rule}`)
 */
export function scanForSecrets(file: string, text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const rule of RULES) {
      const match = rule.pattern.exec(lineText);
      if (match === null) continue;
      const value = match[rule.group ?? 0] ?? match[0];
      if (rule.group !== undefined && PLACEHOLDER.test(value)) continue;
      findings.push({ file, line: index + 1, rule: rule.name, excerpt: lineText.replace(value, `${value.slice(0, 3)}…`).trim().slice(0, 160) });
    }
  });
  return findings;
}
