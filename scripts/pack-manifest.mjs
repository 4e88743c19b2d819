// @ts-check
// `npm pack` and `npm publish` put package.json in the tarball as it is on disk. Its `prepare`
// (the build) is for a clone and for `npm install github:…`, which build from source; in the
// tarball it names a script the package does not carry, and npm warns about it on every install.
// So `prepack` runs `strip` (after the build) and `postpack` runs `restore`:
//   node scripts/pack-manifest.mjs strip     package.json without scripts.prepare, the original kept in build/
//   node scripts/pack-manifest.mjs restore   the original back, byte for byte and with its mtime
// A pack that dies between the two leaves the original in build/package.json.prepack; the next
// `strip` keeps that one, and `restore` puts it back.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const manifest = join(root, "package.json");
const original = join(root, "build", "package.json.prepack");

const [command] = process.argv.slice(2);
if (command === "strip") {
  if (!existsSync(original)) {
    mkdirSync(join(root, "build"), { recursive: true });
    copyFileSync(manifest, original);
    const { atime, mtime } = statSync(manifest);
    utimesSync(original, atime, mtime);
  }
  const pkg = JSON.parse(readFileSync(original, "utf8"));
  delete pkg.scripts?.prepare;
  // Written beside and renamed over, so nothing reading package.json meanwhile sees half a file.
  const staged = `${manifest}.${process.pid}`;
  writeFileSync(staged, `${JSON.stringify(pkg, null, 2)}\n`);
  renameSync(staged, manifest);
} else if (command === "restore") {
  if (existsSync(original)) renameSync(original, manifest);
} else {
  console.error("usage: node scripts/pack-manifest.mjs strip|restore");
  process.exit(2);
}
