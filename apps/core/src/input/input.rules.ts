/**
 * The limits every request is held to before any route looks at it (SPEC 15):
 * no control characters in strings (Postgres refuses NUL in text, and the
 * others end up in logs, CSV and emails), and JSON at most MAX_JSON_DEPTH
 * levels deep (deeper bodies only ever come from broken or hostile clients,
 * and recursive validation and hashing of them can exhaust the stack).
 */
export const MAX_JSON_DEPTH = 32;

// eslint-disable-next-line no-control-regex -- finding control characters is what this is for
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

export interface InputFault {
  /** The path of the value at fault, e.g. `reports.3.source`; the part's own name when it is the whole part. */
  field: string;
  message: string;
}

/**
 * The first fault of a parsed body, query or set of path parameters, or null.
 * `checkStrings: false` checks the depth only (for a route that refuses bad
 * strings item by item itself). Stops at the first fault, so a hostile input
 * costs at most MAX_JSON_DEPTH levels of recursion.
 */
export function inputFault(value: unknown, part: string, options: { checkStrings?: boolean } = {}): InputFault | null {
  const checkStrings = options.checkStrings ?? true;
  const visit = (item: unknown, path: string, depth: number): InputFault | null => {
    if (typeof item === 'string') {
      return checkStrings && hasControlCharacter(item) ? { field: path, message: `${path} must not contain control characters` } : null;
    }
    if (item === null || typeof item !== 'object') return null;
    if (depth > MAX_JSON_DEPTH) return { field: part, message: `${part} is nested deeper than ${MAX_JSON_DEPTH} levels` };
    const entries: [string, unknown][] = Array.isArray(item)
      ? item.map((element, index) => [String(index), element])
      : Object.entries(item);
    for (const [key, element] of entries) {
      const at = path === part && depth === 1 ? key : `${path}.${key}`;
      if (checkStrings && hasControlCharacter(key)) return { field: path, message: `${path} has a field name with control characters` };
      const fault = visit(element, at, depth + 1);
      if (fault) return fault;
    }
    return null;
  };
  return visit(value, part, 1);
}
