// Template prompts left in a vendor's files. A value or line led by TODO, TBD or FIXME (`TODO: name the
// owner`) is a prompt, not content: `ml-handover init` writes its templates this way, and so do most teams.

const TODO_LEAD = /^\s*(?:[-*+>]\s+)?(?:todo|tbd|tba|fixme)\b/i;

/** Whether a value or line starts with a TODO-style prompt. */
export function startsWithTodo(text: string): boolean {
  return TODO_LEAD.test(text);
}
