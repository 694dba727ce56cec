// Scenario files: what a teacher keeps, edits and hands round. The text is the scenario format the CLI
// and lessons read, laid out one action per line so that it reads and diffs well.
import { parseScenarioText, scenarioOf, type Scenario, type ScenarioCheck } from '../sim/index.ts';

export function exportScenarioFile(scenario: Scenario, today: Date = new Date()): { text: string; fileName: string } {
  const { actions, ...header } = scenarioOf(scenario, scenario.actions); // puts format and version first
  const head = JSON.stringify(header, null, 2).slice(0, -2);
  const list = actions.length ? `[\n${actions.map((a) => `    ${JSON.stringify(a)}`).join(',\n')}\n  ]` : '[]';
  return { text: `${head},\n  "actions": ${list}\n}\n`, fileName: fileNameFor(scenario.title, today) };
}

/** Read an imported file; a problem names the file, as the CLI does. */
export function importScenarioFile(text: string, fileName: string): ScenarioCheck {
  const parsed = parseScenarioText(text.replace(/^\uFEFF/, '')); // editors on Windows may add a byte order mark
  return parsed.ok ? parsed : { ok: false, problem: `${fileName}: not a valid scenario: ${parsed.problem}` };
}

function fileNameFor(title: string | undefined, today: Date): string {
  const slug = (title ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return `managed-identity-sandbox-${slug || date}.json`;
}
