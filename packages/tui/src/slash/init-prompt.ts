/** The prompt /init sends: asks the agent to write AGENTS.md, a contributor guide for the repository. */
export const INIT_PROMPT = `Generate a file named AGENTS.md that serves as a contributor guide for this repository.
Your goal is to produce a clear, concise, and well-structured document with descriptive headings and actionable explanations for each section.
Follow the outline below, but adapt as needed - add sections if relevant, and omit those that do not apply to this project.

Document Requirements
- Title the document "Repository Guidelines".
- Use Markdown headings (#, ##, etc.) for structure.
- Keep the document concise. 200-400 words is optimal.
- Keep explanations short, direct, and specific to this repository.
- Provide examples where helpful (commands, directory paths, naming patterns).
- Maintain a professional, instructional tone.

Recommended Sections
Project Structure & Module Organization
- Outline the project structure, including where the source code, tests, and assets are located.
Build, Test, and Development Commands
- List key commands for building, testing, and running locally, with a one-line explanation of each.
Coding Style & Naming Conventions
- Specify indentation rules, language-specific style preferences, and naming patterns.
Testing Guidelines
- Identify testing frameworks and coverage requirements; state test naming conventions and how to run tests.
Commit & Pull Request Guidelines
- Summarize commit message conventions and pull request requirements.
`;
