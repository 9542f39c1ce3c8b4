import { posix } from 'node:path';

/**
 * Our elements are registered through `define('mt-…', Class)` (it tolerates a second copy of the bundle), which the
 * analyzer does not know: record each call as a custom-element-definition export of its module, pointing at the
 * module the class is imported from.
 */
function defineCalls() {
  return {
    name: 'medtek-define-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'define') return;
      const [tag, ctor] = node.arguments;
      if (!tag || !ctor || !ts.isStringLiteral(tag) || !ts.isIdentifier(ctor)) return;
      let module = moduleDoc.path;
      for (const statement of node.getSourceFile().statements) {
        if (!ts.isImportDeclaration(statement)) continue;
        const names = statement.importClause?.namedBindings;
        if (!names || !ts.isNamedImports(names)) continue;
        if (!names.elements.some((element) => element.name.text === ctor.text)) continue;
        const from = statement.moduleSpecifier.text.replace(/\.js$/, '.ts');
        module = posix.join(posix.dirname(moduleDoc.path), from);
      }
      moduleDoc.exports = [
        ...(moduleDoc.exports ?? []),
        { kind: 'custom-element-definition', name: tag.text, declaration: { name: ctor.text, module } },
      ];
    },
  };
}

/** Hosts use the public API only: private and protected members stay out of the manifest. */
function publicMembersOnly() {
  return {
    name: 'medtek-public-members',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.members) continue;
          declaration.members = declaration.members.filter(
            (member) => member.privacy !== 'private' && member.privacy !== 'protected' && !member.static,
          );
        }
      }
    },
  };
}

// `pnpm manifest` writes custom-elements.json (the Custom Elements Manifest) from the sources' JSDoc: tag names
// (`@customElement`), attributes and properties (Lit decorators), events (`@fires`), parts and CSS properties.
export default {
  // The public surface only: the element modules and their classes (plus the base class they inherit from), not
  // every internal table and stylesheet.
  globs: [
    'src/elements/*.ts',
    'src/alarm-list/alarm-list.ts',
    'src/device-status/device-status.ts',
    'src/screening-wizard/screening-wizard.ts',
    'src/stock-board/stock-board.ts',
    'src/key-figures/key-figures.ts',
    'src/shared/session/session-element.ts',
    'src/shared/mt-element.ts',
  ],
  outdir: '.',
  litelement: true,
  plugins: [defineCalls(), publicMembersOnly()],
};
