// Files the server reads at run time (SQL migrations, the common-password list) live in the
// repository, beside package.json: `npm start` runs from there. AYNI_ROOT points elsewhere when
// the server is started from another folder.
import { resolve } from 'node:path';

export function appPath(...segments: string[]): string {
	return resolve(process.env.AYNI_ROOT ?? process.cwd(), ...segments);
}
