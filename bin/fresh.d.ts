/** See fresh.js. */
export function isFresh(buildJson: string | URL): boolean;
