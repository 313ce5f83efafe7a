/**
 * Writes schema/mlops.config.schema.json from lib/config/config-schema.ts, the one source of the schema
 * (`npm run schema`). The file ships in the package for editors; test/config/schema-file.test.ts fails
 * when it is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_SCHEMA } from '../lib/config/config-schema';

const file = path.join(__dirname, '..', 'schema', 'mlops.config.schema.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
