/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS jest config, like jest.config.js */
/**
 * The repository's jest setup with the peer dependencies (aws-cdk-lib, constructs, cdk8s, cdk8s-plus-27, cdk-nag)
 * taken from PEERS_DIR/node_modules instead of the repository's: `.ci/run` installs exactly the declared
 * minimum versions there and runs the test suite (README example included) against them.
 */
const path = require('path');
const base = require('../jest.config.js');

const peers = process.env.PEERS_DIR;
if (!peers) throw new Error('PEERS_DIR must name the directory the minimum peers are installed in');
const modules = path.join(path.resolve(peers), 'node_modules');
const PEERS = ['aws-cdk-lib', 'constructs', 'cdk8s', 'cdk8s-plus-27', 'cdk-nag'];

module.exports = {
  ...base,
  rootDir: path.join(__dirname, '..'),
  moduleNameMapper: {
    ...(base.moduleNameMapper ?? {}),
    // Every require of a peer, from the library, the tests and dev tools (cdk-nag, ...), resolves to PEERS_DIR.
    ...Object.fromEntries(PEERS.map((p) => [`^${p.replace(/[.-]/g, '\\$&')}(/.*)?$`, `${modules}/${p}$1`])),
  },
};
