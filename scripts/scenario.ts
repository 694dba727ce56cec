// npm run scenario -- FILE.json: replay a scenario headlessly, one JSON line per step.
import { readFileSync } from 'node:fs';
import { parseScenarioText, replay } from '../src/sim/index.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run scenario -- FILE.json');
  process.exit(2);
}
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  console.error(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  process.exit(2);
}
// Editors on Windows may start a UTF-8 file with a byte order mark; the app's import accepts it too.
const parsed = parseScenarioText(text.replace(/^\uFEFF/, ''));
if (!parsed.ok) {
  console.error(`${file}: not a valid scenario: ${parsed.problem}`);
  process.exit(1);
}
await replay(parsed.scenario, (index, action, outcome) => {
  process.stdout.write(JSON.stringify({ step: index + 1, type: action.type, ...outcome }) + '\n');
});
