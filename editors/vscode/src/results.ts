// Rendering of the server's `codemode/runResult` notification: a block of text for the
// "codemode: results" output panel and a one-line summary for the end of the line.

export interface Position {
  line: number;
  character: number;
}

export interface RunResultParams {
  uri: string;
  version: number;
  range: { start: Position; end: Position };
  name: string;
  kind: string;
  summary: string;
  outcome: RunOutcome;
}

export interface RunOutcome {
  status: string;
  stdout: string;
  stderr: string;
  value?: string | null;
  error?: { kind: string; message: string; traceback: string } | null;
  duration_ms?: number;
}

export const RUN_RESULT_METHOD = 'codemode/runResult';

/** The block appended to the results panel for one run. */
export function renderResult(result: RunResultParams, fileLabel: string): string {
  const line = result.range.start.line + 1;
  const lines = [`── ${result.kind} ${result.name} · ${fileLabel}:${line} · ${result.summary}`];
  const { outcome } = result;
  const block = (title: string, text: string | null | undefined) => {
    if (text === undefined || text === null || text.trim() === '') return;
    lines.push(`${title}:`, ...text.replace(/\s+$/, '').split('\n').map((l) => `  ${l}`));
  };
  block('stdout', outcome.stdout);
  block('stderr', outcome.stderr);
  if (outcome.value !== undefined && outcome.value !== null) block('value', outcome.value);
  if (outcome.error) block(outcome.error.kind, outcome.error.traceback || outcome.error.message);
  return lines.join('\n') + '\n';
}

/** The text shown after the snippet's first line: `  ⇒ → 42 · 2.1 ms`. */
export function inlineText(result: RunResultParams): string {
  const text = result.summary.replace(/\s+/g, ' ');
  return `  ⇒ ${text.length > 120 ? text.slice(0, 119) + '…' : text}`;
}
