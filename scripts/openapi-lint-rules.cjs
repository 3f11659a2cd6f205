/**
 * The project's own rules for `redocly lint` (redocly.yaml loads this plugin).
 *
 * request-body-examples: a client developer reads a request body by its example, and
 * Swagger UI's "try it" starts from it. So every request body carries a whole example
 * (`examples` on the media type), or each property of its schema, nested DTOs included,
 * has one (`@ApiProperty({ example })`). A new DTO that forgets one fails the lint.
 */

/** Properties without an example under `schema` (followed through $refs), each as `where` and its location. */
function propertiesWithoutExample(schema, location, ctx, path, seen, out) {
  const resolved = ctx.resolve(schema);
  if (!resolved.node || typeof resolved.node !== 'object') return;
  const node = resolved.node;
  const at = schema.$ref ? resolved.location : location;
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return; // a schema met again (or a cycle) was checked at its first use
    seen.add(schema.$ref);
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    (node[keyword] ?? []).forEach((part, index) => propertiesWithoutExample(part, at.child([keyword, index]), ctx, path, seen, out));
  }
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    const where = `${path}.${name}`;
    const propertyAt = at.child(['properties', name]);
    const target = ctx.resolve(property).node ?? {};
    if (property.example !== undefined || target.example !== undefined) continue;
    const nested = target.type === 'array' ? target.items : property;
    const nestedNode = nested ? ctx.resolve(nested).node : undefined;
    // An object (or a list of objects) is described by its own properties' examples.
    if (nestedNode && (nestedNode.properties || nestedNode.allOf)) {
      const nestedAt = target.type === 'array' ? propertyAt.child('items') : propertyAt;
      propertiesWithoutExample(nested, nestedAt, ctx, target.type === 'array' ? `${where}[]` : where, seen, out);
    } else {
      out.push({ where, location: propertyAt });
    }
  }
}

function RequestBodyExamples() {
  return {
    RequestBody: {
      MediaType: {
        enter(media, ctx) {
          if (media.example !== undefined || media.examples || !media.schema) return;
          const missing = [];
          propertiesWithoutExample(media.schema, ctx.location.child('schema'), ctx, 'body', new Set(), missing);
          for (const { where, location } of missing) {
            ctx.report({
              message: `Request body property \`${where}\` has no example: give it \`@ApiProperty({ example })\`, or give the body \`examples\`.`,
              location,
            });
          }
        },
      },
    },
  };
}

module.exports = function pushBillingRules() {
  return { id: 'push-billing', rules: { oas3: { 'request-body-examples': RequestBodyExamples } } };
};
