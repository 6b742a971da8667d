// The workspace's package folders, read from disk so new packages count at once.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

export function workspaceDirs() {
  return ["packages", "apps"].flatMap((root) =>
    readdirSync(root)
      .map((name) => join(root, name))
      .filter((dir) => existsSync(join(dir, "package.json"))),
  );
}
