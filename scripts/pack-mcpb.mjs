// @ts-check
// `npm run pack:mcpb`: an MCP Bundle for one-click install in Claude Desktop, built from the
// bundled bin (no node_modules needed: dist/index.js has no runtime dependencies).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const stage = join(root, "build", "mcpb");
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
const out = join(root, "build", `v0-webhooks-mcp-${version}.mcpb`);
const mcpb = join(root, "node_modules", ".bin", process.platform === "win32" ? "mcpb.cmd" : "mcpb");

execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { stdio: "inherit" });
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, "server"), { recursive: true });
copyFileSync(join(root, "manifest.json"), join(stage, "manifest.json"));
copyFileSync(join(root, "dist", "index.js"), join(stage, "server", "index.js"));
copyFileSync(join(root, "dist", "THIRD_PARTY_NOTICES.md"), join(stage, "THIRD_PARTY_NOTICES.md"));
copyFileSync(join(root, "LICENSE"), join(stage, "LICENSE"));
copyFileSync(join(root, "SECURITY.md"), join(stage, "SECURITY.md"));
// The bundle holds README.md and SECURITY.md but not docs/ or the rest of the repository: a link
// to any other file points at it in the repository instead.
const repository = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
  .repository.url.replace(/^git\+/, "")
  .replace(/\.git$/, "");
const inBundle = new Set(["README.md", "SECURITY.md", "LICENSE", "THIRD_PARTY_NOTICES.md"]);
const readme = readFileSync(join(root, "README.md"), "utf8").replace(
  /\]\((?!https?:|mailto:|#)([^)\s]+)\)/g,
  (/** @type {string} */ link, /** @type {string} */ target) =>
    inBundle.has(target.split("#")[0] ?? "") ? link : `](${repository}/blob/main/${target.replace(/^\.\//, "")})`,
);
writeFileSync(join(stage, "README.md"), readme);
execFileSync(mcpb, ["validate", join(stage, "manifest.json")], {
  stdio: "inherit",
  shell: process.platform === "win32",
});
rmSync(out, { force: true });
execFileSync(mcpb, ["pack", stage, out], { stdio: "inherit", shell: process.platform === "win32" });
console.log(`MCP Bundle: ${out}`);
