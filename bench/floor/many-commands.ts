// The Bun floor of the 100 × 200 KB turn: ask the model server (URL in argv), run the command
// (argv[3], through bash) argv[4] times reading and dropping its output, then ask again.
const [url, script, times] = process.argv.slice(2) as [string, string, string];
await (await fetch(url, { method: "POST", body: "{}" })).text();
for (let i = 0; i < Number(times); i++) {
  const child = Bun.spawn(["bash", "-c", script], { stdout: "pipe", stderr: "ignore" });
  const reader = child.stdout.getReader();
  while (!(await reader.read()).done) {}
  await child.exited;
}
await (await fetch(url, { method: "POST", body: "{}" })).text();

export {};
