// Ayni renders in the browser: its data lives in IndexedDB, which the server cannot see. The
// shell at "/" is prerendered so the service worker can serve every section offline.
export const ssr = false;
