// `npm run audit:verify`: walks every audit chain of the server's database (the same DATABASE_URL
// or AYNI_DATA_DIR as `npm start`) and reports each row where the hash chain does not hold: an
// edited, deleted or inserted row. Prints each chain's head hash, which an association can copy
// into its assembly's acta so that even a rewrite of the whole chain would show.
// Exit code: 0 when every chain holds, 1 when one breaks, 2 when the database cannot be read.
// With PGlite, stop the server first: one folder is opened by one process at a time.
import { verifyAuditLog } from '../src/lib/server/audit/audit-log';
import { databaseConfigFromEnv, openDatabase } from '../src/lib/server/db/database';

let database;
try {
	database = await openDatabase(databaseConfigFromEnv(process.env));
} catch (error) {
	console.error(`audit:verify: cannot open the database: ${(error as Error).message}`);
	process.exit(2);
}

try {
	const { chains, breaks } = await verifyAuditLog(database.db);
	for (const chain of chains) {
		console.log(`chain ${chain.associationId}: ${chain.rows} rows, head ${chain.headHash}`);
	}
	for (const found of breaks) {
		console.error(`BROKEN chain ${found.associationId} at seq ${found.seq}: ${found.problem}`);
	}
	console.log(
		breaks.length === 0
			? `audit:verify: ${chains.length} chains hold`
			: `audit:verify: ${breaks.length} problems found`
	);
	process.exitCode = breaks.length === 0 ? 0 : 1;
} finally {
	await database.close();
}
