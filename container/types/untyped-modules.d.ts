// Modules without type declarations, for `tsc -p container` (checkJs). `@tensorflow/tfjs-node` is an optional peer,
// absent on offline machines (backend.js falls back to wasm); `mnist` ships no types (scripts/prepare-mnist.js).
declare module '@tensorflow/tfjs-node';
declare module 'mnist';
