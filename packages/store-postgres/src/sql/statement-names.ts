import { createHash } from 'node:crypto';

const names = new Map<string, string>();
const MAX_NAMES = 2048;

/**
 * A stable prepared-statement name for a SQL text (`agl_` + a hash), so the
 * driver parses and plans each distinct statement once per connection.
 *
 * @param text - the SQL text
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `agl_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}
