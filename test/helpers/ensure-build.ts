import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const BUILD_INPUTS = [
  "scripts/build.mjs",
  "scripts/bundle-options.mjs",
  "scripts/shims-without-ajv.ts",
  "package.json",
  "package-lock.json",
];

/** vitest globalSetup: the end-to-end tests spawn the built bin, so build it when it is missing or stale. */
export default function ensureBuild(): void {
  const bin = join(root, "dist", "index.js");
  // What the bundle is made of: the source, the build scripts (which also generate the tool list
  // and replace the SDK's shims), the inlined version and the inlined dependencies.
  const inputs = Math.max(
    newestMtime(join(root, "src")),
    ...BUILD_INPUTS.map((file) => statSync(join(root, file)).mtimeMs),
  );
  if (existsSync(bin) && statSync(bin).mtimeMs >= inputs) return;
  execSync("npm run build", { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}
