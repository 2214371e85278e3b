// API site for every public package, generated into docs/api (git-ignored).
/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "sre-uxdd",
  entryPointStrategy: "packages",
  entryPoints: ["packages/*"],
  packageOptions: { entryPoints: ["src/index.ts"], tsconfig: "tsconfig.json", includeVersion: true },
  out: "docs/api",
  readme: "README.md",
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  externalSymbolLinkMappings: { effect: { "*": "https://effect.website/docs" } },
  excludePrivate: true,
  excludeInternal: true,
  blockTags: ["@since", "@category", "@example", "@remarks", "@param", "@returns", "@throws", "@see", "@defaultValue", "@deprecated", "@module"]
}
