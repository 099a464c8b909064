// `npm start`: build the app, then serve it with its embedded database (DESIGN.md section 8).
import { spawnSync } from 'node:child_process';

const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
await import('./serve.js');
