// The one XML escape, for JUnit reports and SVG charts alike.
import { visible } from './safe-text';

/** Escapes text and attribute values: control characters (most not allowed in XML 1.0) as visible escapes such as "\x1b", the non-characters U+FFFE/U+FFFF dropped. */
export function xml(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, visible)
      .replace(/[\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      .replace(/##\[/g, '##&#91;') // the legacy workflow command form, should the report be printed in a CI log
      .replace(/\r/g, '&#13;')
      .replace(/\n/g, '&#10;')
  );
}
