/** This package's version (kept in step with package.json by the release). */
export const VERSION = '0.0.0';
