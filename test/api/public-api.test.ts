import * as path from 'path';
import * as ts from 'typescript';

/**
 * The package's public API stays jsii-compatible (so Python/Java/.NET bindings are a build change):
 * only classes, interfaces and enums are exported — no free functions or constants — and public
 * props, methods and constructors use no TypeScript union types other than `X | undefined`.
 */
describe('public API (package index)', () => {
  const root = path.join(__dirname, '..', '..');
  const entry = path.join(root, 'index.ts');
  // Only the package's own sources: the rules are about our declarations, and skipping aws-cdk-lib's
  // thousands of .d.ts files keeps this test fast (unresolved imports are fine here, tsc checks them).
  const sources = [entry, ...ts.sys.readDirectory(path.join(root, 'constructs'), ['.ts']), ...ts.sys.readDirectory(path.join(root, 'lib'), ['.ts'])]
    .filter((f) => !f.endsWith('.d.ts') && !f.includes('/handler/'));
  const program = ts.createProgram(sources, {
    module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, noResolve: true, noLib: true, types: [], noEmit: true,
  });
  const checker = program.getTypeChecker();
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!)
    .map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));

  test('exports the main constructs', () => {
    const names = exported.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining([
      'MlInstanceType', 'ContainerImage', 'MlBucket', 'SageMakerTrainingJob', 'SageMakerModel', 'SageMakerEndpoint',
      'EndpointAlarms', 'EndpointDashboard', 'AlarmTopic', 'KubeModelServing', 'KubeTrainingJob', 'GpuScheduling',
      'MlPlatformStack', 'MlStorageStack', 'ModelServingChart',
    ]));
  });

  test('exports only classes, interfaces and enums', () => {
    const allowed = new Set([ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.InterfaceDeclaration, ts.SyntaxKind.EnumDeclaration]);
    const others = exported.filter((s) => !allowed.has(s.declarations![0].kind)).map((s) => s.name);
    expect(others).toEqual([]);
  });

  test('public signatures use no union types (besides optional undefined)', () => {
    const offenders: string[] = [];
    const visitType = (node: ts.TypeNode | undefined, where: string) => {
      if (!node) return;
      if (ts.isUnionTypeNode(node)) {
        const kinds = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
        if (kinds.length > 1) offenders.push(`${where}: ${node.getText()}`);
      }
      node.forEachChild((child) => { if (ts.isTypeNode(child)) visitType(child, where); });
    };
    const isPublic = (m: ts.Node) => !(ts.getCombinedModifierFlags(m as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
    for (const symbol of exported) {
      const declaration = symbol.declarations![0];
      if (!ts.isClassDeclaration(declaration) && !ts.isInterfaceDeclaration(declaration)) continue;
      for (const member of declaration.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>) {
        if (!isPublic(member) || (member.name && ts.isPrivateIdentifier(member.name))) continue;
        const where = `${symbol.name}.${member.name?.getText() ?? 'constructor'}`;
        if ('type' in member) visitType(member.type as ts.TypeNode | undefined, where);
        if ('parameters' in member) for (const p of (member as unknown as ts.SignatureDeclarationBase).parameters) visitType(p.type, where);
      }
    }
    expect(offenders).toEqual([]);
  });
});
