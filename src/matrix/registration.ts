/** What the homeserver needs to know of the application service: its registration file (spec: "Registration"). */
export interface RegistrationInput {
  id: string;
  url: string;
  asToken: string;
  hsToken: string;
  serverName: string;
  userPrefix: string;
}

/**
 * The registration as YAML. Every scalar is written as a JSON string, which YAML reads as a
 * double-quoted scalar, so no token or regex can break the file. The user namespace is exclusive
 * (only the bridge may register `@<prefix>…`), as is the alias namespace; the bridge's own user is
 * `<prefix>bridge`, inside it.
 */
export function registrationYaml(input: RegistrationInput): string {
  const q = (value: string) => JSON.stringify(value);
  const server = input.serverName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const prefix = input.userPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    `# Ieum Matrix bridge: give this file to the homeserver (Synapse: app_service_config_files).`,
    `id: ${q(input.id)}`,
    `url: ${q(input.url)}`,
    `as_token: ${q(input.asToken)}`,
    `hs_token: ${q(input.hsToken)}`,
    `sender_localpart: ${q(`${input.userPrefix}bridge`)}`,
    `rate_limited: false`,
    `namespaces:`,
    `  users:`,
    `    - exclusive: true`,
    `      regex: ${q(`@${prefix}.*:${server}`)}`,
    `  aliases:`,
    `    - exclusive: true`,
    `      regex: ${q(`#${prefix}.*:${server}`)}`,
    `  rooms: []`,
    '',
  ].join('\n');
}
