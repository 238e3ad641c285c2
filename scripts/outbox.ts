/**
 * npm run outbox: shows the newest mail written under DATA_DIR/outbox (MAIL_URL unset) as
 * plain text, decoded, so its link can be followed from a terminal. `-- 3` shows the newest three.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../src/config/app-config.js';
import { loadDotEnv } from '../src/config/dotenv.js';

loadDotEnv();
const outbox = path.resolve(loadConfig().DATA_DIR, 'outbox');
const count = Number(process.argv[2] ?? 1) || 1;
let files: string[] = [];
try {
  files = readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .slice(-count);
} catch {
  // no outbox yet
}
if (files.length === 0) console.log(`no mail in ${outbox}`);
for (const file of files) {
  const mail = await simpleParser(readFileSync(path.join(outbox, file)));
  const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : mail.to?.text;
  console.log(`--- ${path.join(outbox, file)}\nTo: ${to}\nSubject: ${mail.subject}\n\n${mail.text}`);
}
