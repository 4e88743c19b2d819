// @ts-check
// `npm run check:api` (part of `npm test`): reports what the v0 client uses that v0's published
// OpenAPI document (test/contract/) lacks or describes differently; scripts/check-api.ts does the work.
import { importTs } from "./run-ts.mjs";

const { checkApi, DOCUMENT } = await importTs("scripts/check-api.ts");
const problems = checkApi();
if (problems.length > 0) {
  process.stderr.write(
    `check:api: the v0 client and ${DOCUMENT.pathname} disagree:\n${problems.map((/** @type {string} */ p) => `  - ${p}\n`).join("")}`,
  );
  process.exit(1);
}
console.log(
  "check:api: every path, method, field and event the v0 client uses is in v0's OpenAPI document, as the client uses it",
);
