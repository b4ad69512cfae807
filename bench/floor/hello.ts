// The Bun floor: what any program compiled like codex costs to start and print one line.
console.log("hello");
