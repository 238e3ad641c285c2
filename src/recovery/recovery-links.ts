/** A mailed link: the configured URL template with `{token}` replaced. */
export function mailedLink(template: string, token: string): string {
  return template.replaceAll('{token}', encodeURIComponent(token));
}

/** A TTL in whole minutes for the mail text ("within 30 minutes"). */
export function ttlMinutes(seconds: number): string {
  return String(Math.max(1, Math.floor(seconds / 60)));
}
