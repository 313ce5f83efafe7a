/**
 * Jest resolves with the `require` export condition. Some `@kubernetes-models/*` packages
 * (prometheus-operator, karpenter) export ESM only (`import`); for requests into those packages this
 * resolver adds the `import` condition, and swc (see transformIgnorePatterns) compiles what it loads.
 */
module.exports = (request, options) => {
  const fromModels = request.startsWith('@kubernetes-models/') || /[\\/]@kubernetes-models[\\/]/.test(options.basedir);
  if (!fromModels) return options.defaultResolver(request, options);
  try {
    return options.defaultResolver(request, options);
  } catch {
    return options.defaultResolver(request, { ...options, conditions: ['import', 'default', 'node'] });
  }
};
