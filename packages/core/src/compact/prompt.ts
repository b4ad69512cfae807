/** The request that asks the model to summarise the conversation before it is condensed. */

export const SUMMARIZATION_PROMPT = `The conversation above is about to be condensed to free up context space. Everything before this message will be replaced by your summary plus the user's own messages, so whoever continues the work (you, without any memory of it) depends entirely on what you write now.

Write a handoff summary in Markdown with these sections:

1. **Goal** – what the user wants overall, and their latest request in their own words if it is short.
2. **Constraints and preferences** – instructions, conventions, and decisions the user or the project imposed.
3. **Done so far** – concrete progress: files created or changed (with paths), commands run and what they showed, facts learned about the codebase.
4. **Still to do** – a checklist of the remaining steps, including anything that has not been verified or tested yet.
5. **Problems** – errors met, what was tried, and what is still unresolved.

Be specific (names, paths, numbers, error messages) and brief; leave out pleasantries and anything already obvious from the user's messages. Do not call tools: reply with the summary only.`;
