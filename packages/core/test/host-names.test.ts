/** Host name and kernel release from /proc: the same strings `node:os` (uname) gives. */
import { expect, test } from "bun:test";
import { hostname, release } from "node:os";
import { hostName, kernelRelease } from "../src/host-names.ts";

test("host name and kernel release match uname's", () => {
  expect(hostName()).toBe(hostname());
  expect(kernelRelease()).toBe(release());
});
