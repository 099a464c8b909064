// drizzle-kit reads this to generate SQL migrations from src/lib/server/db/schema.ts into
// drizzle/ (`npx drizzle-kit generate`). The server applies them at start-up with drizzle-orm's
// migrator, on PGlite and on PostgreSQL alike.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle'
});
