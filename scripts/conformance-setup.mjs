// @ts-check
// `node scripts/conformance-setup.mjs`: installs test/conformance/runner only (the pinned MCP
// conformance suite and the Node 22 it runs on). `npm test` runs `node scripts/setup-runners.mjs`,
// which installs it and the other test runners; see there.
import { setupRunners } from "./setup-runners.mjs";

setupRunners(["conformance"]);
