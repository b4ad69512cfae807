// The Bun floor of an exec turn: start, then POST to the model server (URL in argv) and read the answer.
const response = await fetch(process.argv[2]!, { method: "POST", body: "{}" });
await response.text();

export {};
