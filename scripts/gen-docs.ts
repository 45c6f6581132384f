// Regenerates docs/errors.md (from the error registry) and docs/cli.md (from the commands). Run: npm run gen:docs
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../engine/errors/index.ts';
import { renderCliDoc } from '../bin/cli-doc.ts';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
writeFileSync(new URL('../docs/cli.md', import.meta.url), await renderCliDoc());
console.log('wrote docs/errors.md, docs/cli.md');
