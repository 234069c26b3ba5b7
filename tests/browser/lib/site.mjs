// Builds sites with the real `stepwise` binary into temporary folders.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const STEPWISE = process.env.STEPWISE_BIN ?? join(WORKSPACE, "target/debug/stepwise");

/** A copy of a fixture site (tests/fixtures/<name>, or the workspace itself for "guide"). */
export class Site {
  constructor(fixture) {
    this.root = mkdtempSync(join(tmpdir(), `stepwise-browser-${fixture.replaceAll("/", "-")}-`));
    if (fixture === "guide") {
      for (const part of ["site.yaml", "content", "themes"]) cpSync(join(WORKSPACE, part), join(this.root, part), { recursive: true });
    } else {
      cpSync(join(WORKSPACE, "tests/fixtures", fixture), this.root, { recursive: true });
    }
  }

  /** Runs `stepwise build` (extra args allowed); throws with its output on failure. */
  build(...args) {
    const result = spawnSync(STEPWISE, ["--root", this.root, "build", ...args], { encoding: "utf8" });
    if (result.error) throw new Error(`cannot run ${STEPWISE}: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`stepwise build failed:\n${result.stderr}`);
    return result.stderr;
  }

  get out() {
    return join(this.root, "public");
  }

  read(path) {
    return readFileSync(join(this.root, path), "utf8");
  }

  write(path, text) {
    mkdirSync(dirname(join(this.root, path)), { recursive: true });
    writeFileSync(join(this.root, path), text);
  }

  /** Replaces `from` with `to` in a site file (throws if `from` is absent). */
  edit(path, from, to) {
    const text = this.read(path);
    if (!text.includes(from)) throw new Error(`${path} does not contain ${JSON.stringify(from)}`);
    this.write(path, text.replace(from, to));
  }

  remove() {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function stepwiseVersion() {
  return execFileSync(STEPWISE, ["--version"], { encoding: "utf8" }).trim();
}
