// Files that instruct an AI coding assistant (Gemini CLI skills, Claude Code, Cursor, Windsurf, Copilot
// instructions, AGENTS.md): they tell a tool how to work in the repository, so they are no artifact of the
// delivery (a generic "MLOps Observability" skill says nothing about what this project watches). Pure: a path in.

/** Assistant folders, Copilot instruction places under .github/, and the conventional instruction files. */
const AGENT_INSTRUCTION_PATH =
  /(?:^|\/)\.(?:gemini|claude|cursor|windsurf|codex|continue|roo|cline|clinerules|kiro|junie|amazonq|aider[\w.-]{0,20})\/|(?:^|\/)\.github\/(?:copilot-instructions\.md$|instructions\/|prompts\/|chatmodes\/|agents\/)|(?:^|\/)(?:agents|claude|gemini|copilot-instructions)\.md$|(?:^|\/)\.(?:cursorrules|windsurfrules|clinerules)$/i;

/** True for a file written for an AI assistant rather than for the people who receive the delivery. */
export function isAgentInstructionFile(path: string): boolean {
  return AGENT_INSTRUCTION_PATH.test(path.length > 1000 ? path.slice(0, 1000) : path);
}
