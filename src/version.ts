/** Set by the bundler (scripts/build.mjs) from package.json; tests and tsc output run without it. */
declare const __VERSION__: string | undefined;

/** The package version, the one constant every entry reports. */
export const VERSION: string = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";
