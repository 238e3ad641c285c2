import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMetadataStorage } from 'class-validator';
import ts from 'typescript';
import { allowedValues, AppConfig, configKeys } from '../src/config/app-config.js';

/**
 * docs/configuration.md, written from the settings themselves: the list and what each accepts
 * from AppConfig's validation decorators, the defaults from a fresh AppConfig, the meaning from
 * the comment on each setting in src/config/app-config.ts. `npm run docs:config` writes it;
 * test/config-docs.spec.ts fails when the file differs from what this renders.
 */
export const CONFIG_DOCS = 'docs/configuration.md';
const SOURCE = 'src/config/app-config.ts';

/** The comment above each property of AppConfig, by name. */
function descriptions(root: string): Map<string, string> {
  const file = ts.createSourceFile(SOURCE, readFileSync(path.join(root, SOURCE), 'utf8'), ts.ScriptTarget.Latest, true);
  const found = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === 'AppConfig') {
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const text = ts
          .getJSDocCommentsAndTags(member)
          .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
          .join(' ');
        found.set(member.name.text, text.replace(/\s+/g, ' ').trim());
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** What a setting accepts: the words of loadConfig's messages, else from its other decorators. */
function accepts(key: string): string {
  const words = allowedValues(key);
  if (words) return words;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(AppConfig, '', true, false)
    .filter((m) => m.propertyName === key);
  const has = (name: string) => metadata.find((m) => m.name === name);
  if (has('isUrl')) return 'a URL';
  if (has('matches')) return 'text of the form the meaning gives';
  const min = has('minLength')?.constraints?.[0];
  return min !== undefined && min > 1 ? `text of at least ${min} characters` : 'text';
}

function defaultOf(key: string): string {
  const value = (new AppConfig() as unknown as Record<string, unknown>)[key];
  return value === undefined ? 'unset' : `\`${String(value)}\``;
}

export function renderConfigDocs(root = process.cwd()): string {
  const meanings = descriptions(root);
  const rows = configKeys().map((key) => {
    const meaning = meanings.get(key);
    if (!meaning) throw new Error(`${SOURCE}: ${key} has no comment; write one (/** ... */) above it, it is the setting's documentation`);
    return `| \`${key}\` | ${defaultOf(key)} | ${cell(accepts(key))} | ${cell(meaning)} |`;
  });
  return `<!-- Written by \`npm run docs:config\` from ${SOURCE}: change the comments there, not this file. -->
# Configuration

Every variable is optional in development; [.env.example](../.env.example) names them all. Set
them in the environment or in a \`.env\` file (copy \`.env.example\`): \`npm start\`, the migration
scripts and \`keys:rotate\` read \`./.env\`, and the environment wins over it. The configuration
is validated at boot: a bad value stops the service with one line per variable saying what it
accepts. With \`NODE_ENV=production\` a missing \`MASTER_KEY\`, \`DATABASE_URL\`, \`METRICS_TOKEN\`
or \`REVOCATION_FEED_SECRET\` and \`RATE_LIMITS=off\` are refused; \`ADMIN_EMAIL\` and \`ADMIN_PASSWORD\`
go together.

Which settings must be equal on every instance: [scale-out.md](scale-out.md#running-several-instances).

| variable | default | accepts | meaning |
|---|---|---|---|
${rows.join('\n')}
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(CONFIG_DOCS, renderConfigDocs());
  console.log(`wrote ${CONFIG_DOCS} (${configKeys().length} settings)`);
}
