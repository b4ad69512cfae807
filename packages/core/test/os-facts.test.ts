/** What os-facts.ts answers without `node:os` is what `node:os` answers. */
import { expect, test } from "bun:test";
import { constants, homedir, hostname, release } from "node:os";
import { homeDir, hostName, kernelRelease, signalNumber } from "../src/os-facts.ts";

test("host name and kernel release match uname's", () => {
  expect(hostName()).toBe(hostname());
  expect(kernelRelease()).toBe(release());
});

test("the home folder is $HOME, else the account's; signal names are numbered as the platform does", () => {
  expect(homeDir({ HOME: "/somewhere/else" })).toBe("/somewhere/else");
  expect(homeDir({})).toBe(homedir());
  expect(signalNumber("SIGTERM")).toBe(constants.signals.SIGTERM);
  expect(signalNumber("SIGNOTHING")).toBe(0);
});
