// The rooms of DESIGN.md ("Layers") as a lint rule, for every file under src/:
//   - another room is entered through its index.ts, never past it (a room is a
//     folder of src/ that has an index.ts; src/core has none: its small
//     helpers are imported one by one);
//   - nothing under src imports test/ (the suites depend on src, not the reverse);
//   - `vscode` is imported only under src/extension, statically or not
//     (`import('vscode')`, `require('vscode')`).
// Tests beside the code may reach another room's test helpers (files named
// test-*.ts, *-test-fixtures.ts or *-testing.ts). Known exceptions are passed
// in as { file, imports } pairs, each a short-lived debt with its reason.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const TEST_HELPER = /(^|[\\/])(test-[^\\/]+|[^\\/]+-test-fixtures|[^\\/]+-testing)$/;

const roomsCache = new Map();

/** The rooms: folders of src/ with an index.ts (read once per lint run). */
function roomsOf(srcDir) {
  if (roomsCache.has(srcDir)) return roomsCache.get(srcDir);
  if (!existsSync(srcDir)) return new Set();
  const rooms = new Set(readdirSync(srcDir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(srcDir, d.name, 'index.ts'))).map((d) => d.name));
  roomsCache.set(srcDir, rooms);
  return rooms;
}

export const roomBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "Enter another room of src/ through its index.ts; nothing in src imports test/; only src/extension imports vscode" },
    schema: [{ type: 'object', properties: { exceptions: { type: 'array' } }, additionalProperties: false }],
    messages: {
      deep: "'{{spec}}' reaches past {{room}}/index.ts: import '{{index}}' and export what you need from there (DESIGN.md, layers)",
      test: "'{{spec}}' imports from test/: src must not depend on the suites; move the helper into src (a test-*.ts beside its room)",
      vscode: "Only src/extension may import vscode (DESIGN.md, layers), dynamically or not. Pass what you need in as a small interface.",
    },
  },
  create(context) {
    const root = context.cwd;
    const src = join(root, 'src');
    const file = context.filename;
    const fromSrc = relative(src, file);
    if (fromSrc.startsWith('..')) return {};
    const myRoom = fromSrc.split(sep)[0];
    const isTest = /\.test\.ts$/.test(file);
    const rooms = roomsOf(src);
    const allowed = new Set(
      (context.options[0]?.exceptions ?? []).filter((e) => resolve(root, e.file) === file).flatMap((e) => e.imports),
    );

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec === 'vscode') {
        if (myRoom !== 'extension') context.report({ node, messageId: 'vscode' });
        return;
      }
      if (!spec.startsWith('.') || allowed.has(spec)) return;
      const target = resolve(dirname(file), spec);
      if (!relative(join(root, 'test'), target).startsWith('..')) {
        context.report({ node, messageId: 'test', data: { spec } });
        return;
      }
      const inSrc = relative(src, target);
      if (inSrc.startsWith('..')) return;
      const [room, ...rest] = inSrc.split(sep);
      if (room === myRoom || !rooms.has(room) || rest.length === 0 || (rest.length === 1 && rest[0] === 'index')) return;
      if (isTest && TEST_HELPER.test(inSrc)) return;
      const index = relative(dirname(file), join(src, room)).split(sep).join('/');
      context.report({ node, messageId: 'deep', data: { spec, room: `src/${room}`, index: index.startsWith('.') ? index : `./${index}` } });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node.arguments[0], node.arguments[0].value);
      },
    };
  },
};
