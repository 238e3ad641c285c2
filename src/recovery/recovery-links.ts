/** A mailed link: the configured URL template with `{token}` replaced. */
export function mailedLink(template: string, token: string): string {
  return template.replaceAll('{token}', encodeURIComponent(token));
}

/** A link lifetime in words for the mail text: `30 minutes`, `24 hours`, `7 days`. */
export function validFor(seconds: number): string {
  const [amount, unit] =
    seconds % 86400 === 0
      ? [seconds / 86400, 'day']
      : seconds % 3600 === 0
        ? [seconds / 3600, 'hour']
        : [Math.max(1, Math.floor(seconds / 60)), 'minute'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
