/**
 * RFC 7644 §3.4.2.2 filters, in the one form Roster sends: `attribute eq "value"`. The value is
 * a JSON string, so quotes and backslashes in it are escaped the JSON way.
 */
export function equalsFilter(attribute: string, value: string): string {
  return `${attribute} eq ${JSON.stringify(value)}`;
}
