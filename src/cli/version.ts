import { readFileSync } from "node:fs";

/** Set by the bundler (scripts/build.mjs); absent when running tsc output or tests. */
declare const __VERSION__: string | undefined;

/** The package version: inlined in the bundle, else read from the nearest package.json above. */
export const VERSION: string = typeof __VERSION__ === "string" ? __VERSION__ : readPackageVersion();

function readPackageVersion(): string {
  for (const relative of ["../package.json", "../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "v0-webhooks-mcp" && pkg.version) return pkg.version;
    } catch {
      // not there; look further up
    }
  }
  return "0.0.0";
}
