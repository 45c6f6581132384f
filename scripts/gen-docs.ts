// Regenerates docs/errors.md from the error registry. Run: npm run gen:docs
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../engine/errors/index.ts';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
console.log('wrote docs/errors.md');
