import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/* The release process is code: these properties of .github/workflows must hold. */
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: { node?: number[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}
const read = (name: string) =>
  parse(readFileSync(new URL(`../../.github/workflows/${name}`, import.meta.url), "utf8")) as Workflow;
const ci = read("ci.yml");
const release = read("release.yml");
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe("the CI workflow", () => {
  it("runs .ci/run on Node 20, 22 and 24, and publishes nothing", () => {
    expect(Object.values(ci.jobs).map((job) => job.strategy?.matrix?.node)).toEqual([[20, 22, 24]]);
    expect(steps(ci).some((step) => step.run === "bash .ci/run")).toBe(true);
    expect(steps(ci).filter((step) => /\bpublish\b/.test(step.run ?? ""))).toEqual([]);
    expect(ci.permissions).toEqual({ contents: "read" });
  });
});

describe("the release workflow", () => {
  it("runs only on a version tag", () => {
    expect(Object.keys(release.on)).toEqual(["push"]);
    expect(release.on.push).toEqual({ tags: ["v*.*.*"] });
  });

  it("tests first, then publishes to npm with provenance, attaches the .mcpb, and publishes to the MCP registry", () => {
    const runs = steps(release).map((step) => step.run ?? "");
    const at = (pattern: RegExp) => runs.findIndex((run) => pattern.test(run));
    expect(at(/^bash \.ci\/run$/)).toBeGreaterThan(-1);
    expect(at(/npm publish --provenance/)).toBeGreaterThan(at(/^bash \.ci\/run$/));
    expect(at(/gh release create .*\.mcpb/)).toBeGreaterThan(at(/npm run pack:mcpb/));
    expect(at(/mcp-publisher publish/)).toBeGreaterThan(at(/npm publish/));
  });

  it("tests with read-only permissions, and grants write and OIDC only to the publishing job, after the tests", () => {
    expect(release.permissions).toEqual({ contents: "read" });
    const publishing = Object.entries(release.jobs).filter(([, job]) =>
      job.steps.some((step) => /publish/.test(step.run ?? "")),
    );
    expect(publishing.map(([name]) => name)).toEqual(["publish"]);
    expect(release.jobs.publish?.needs).toBe("test");
    expect(release.jobs.publish?.permissions).toEqual({ contents: "write", "id-token": "write" });
    expect(release.jobs.test?.permissions).toBeUndefined();
  });

  it.each([
    ["CI", ci],
    ["release", release],
  ])("%s: no step echoes a secret; secrets reach steps only through env", (_name, workflow) => {
    for (const step of steps(workflow)) {
      expect(step.run ?? "", step.name).not.toMatch(/secrets\.|\bset -x\b/);
      expect(step.run ?? "", step.name).not.toMatch(
        /\b(echo|printf|cat)\b[^|\n]*\$\{?(NODE_AUTH_TOKEN|GH_TOKEN|NPM_TOKEN)/,
      );
      for (const value of Object.values(step.with ?? {})) expect(String(value)).not.toMatch(/secrets\./);
    }
  });
});
