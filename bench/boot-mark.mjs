// @ts-check
// Preloaded with `node --import` in the bench's diagnostic start-up rounds only (never in the
// headline ones): writes one line on stderr the moment user-land code first runs, so the bench can
// split start-up into Node's boot, loading + wiring the server, and answering `initialize`.

/**
 * How the line starts; the bench looks for it.
 * @typedef {"bench:boot"} BootMarkPrefix
 */

/** @type {BootMarkPrefix} */
const prefix = "bench:boot";
process.stderr.write(`${prefix} ${performance.now().toFixed(2)}\n`);
