/**
 * Requirement traceability matrix: `npm run traceability` writes docs/traceability.md.
 *
 * Requirements: the tables R1–R72 in ../shared/reference/china-it-standards.md §7 (`| R1 | text | source | status |`).
 * Coverage: tags in describe/it/test titles, `[R48]`, `[R1][R17]` or `[R1, R17]`; a tag on a describe covers the
 * requirement with that whole block. A file containing the comment `traceability: ignore-file` is not scanned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectTestFiles } from './lib/test-files.mjs';

export interface Requirement {
  id: string; // "R48"
  number: number; // 48
  text: string;
  source: string;
  status: string;
  /** The ### heading the row is under, e.g. "H. Codes and labels (blood identifier and label draft, 2017)". */
  section: string;
}

export interface TaggedTest {
  file: string;
  line: number;
  kind: 'describe' | 'suite' | 'it' | 'test';
  title: string;
  tags: string[];
}

/** Cells of a markdown table row; `\|` inside a cell is a literal pipe. Null when the line is not a row. */
export function splitTableRow(line: string): string[] | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|')) return null;
  const cells: string[] = [];
  let current = '';
  for (let i = 1; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (ch === '\\' && trimmed[i + 1] === '|') {
      current += '|';
      i++;
    } else if (ch === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '') cells.push(current.trim()); // row without a closing pipe
  return cells;
}

/**
 * Requirements from the "## 7." section of the standards document (or the whole text when it has no such
 * heading). Throws on a duplicate ID or when no requirement is found.
 */
export function parseRequirements(markdown: string): Requirement[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^##\s+7[.\s]/.test(l));
  let end = lines.length;
  if (start >= 0) {
    const next = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
    if (next > 0) end = next;
  }
  const requirements: Requirement[] = [];
  const seen = new Set<string>();
  let section = '';
  for (const line of lines.slice(Math.max(start, 0), end)) {
    const heading = /^###\s+(.*)$/.exec(line);
    if (heading) {
      section = heading[1].trim();
      continue;
    }
    const cells = splitTableRow(line);
    if (!cells || cells.length < 2) continue;
    const id = /^R(\d+)$/.exec(cells[0]);
    if (!id) continue;
    if (seen.has(cells[0])) throw new Error(`duplicate requirement ${cells[0]}`);
    seen.add(cells[0]);
    requirements.push({
      id: cells[0],
      number: Number(id[1]),
      text: cells[1],
      source: cells[2] ?? '',
      status: cells[3] ?? '',
      section,
    });
  }
  if (requirements.length === 0) throw new Error('no requirement rows (| R1 | … |) found');
  return requirements.sort((a, b) => a.number - b.number);
}

/** Requirement IDs tagged in a title, in order, without duplicates: "[R1][R17] x [R1]" → ["R1", "R17"]. */
export function extractTags(title: string): string[] {
  const tags: string[] = [];
  for (const match of title.matchAll(/\[\s*(R\d+(?:\s*,\s*R\d+)*)\s*\]/g)) {
    for (const id of match[1].split(',')) {
      const tag = id.trim().replace(/^R0+(?=\d)/, 'R');
      if (!tags.includes(tag)) tags.push(tag);
    }
  }
  return tags;
}

const TEST_CALL = /\b(describe|suite|it|test)(?:\.(?:only|skip|todo))?\s*\(\s*(['"`])((?:\\[\s\S]|(?!\2)[^\\])*)\2/g;

/** A file containing this marker is not scanned (e.g. tests of this parser, whose sample sources carry tags). */
export const IGNORE_FILE_MARKER = 'traceability: ignore-file';

/** describe/suite/it/test calls whose literal title carries at least one requirement tag. */
export function findTaggedTests(source: string, file: string): TaggedTest[] {
  const found: TaggedTest[] = [];
  if (source.includes(IGNORE_FILE_MARKER)) return found;
  for (const match of source.matchAll(TEST_CALL)) {
    const title = match[3].replace(/\\(['"`\\])/g, '$1').replace(/\s+/g, ' ').trim();
    const tags = extractTags(title);
    if (tags.length === 0) continue;
    const line = source.slice(0, match.index).split('\n').length;
    found.push({ file, line, kind: match[1] as TaggedTest['kind'], title, tags });
  }
  return found;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The markdown of docs/traceability.md (deterministic: no dates, so regenerating an unchanged tree is a no-op). */
export function renderMatrix(requirements: Requirement[], tests: TaggedTest[], sourceName: string): string {
  const byId = new Map<string, TaggedTest[]>(requirements.map((r) => [r.id, []]));
  const unknown: TaggedTest[] = [];
  for (const test of tests) {
    for (const tag of test.tags) {
      const list = byId.get(tag);
      if (list) list.push(test);
      else if (!unknown.includes(test)) unknown.push(test);
    }
  }
  const covered = requirements.filter((r) => (byId.get(r.id) ?? []).length > 0);
  const uncovered = requirements.filter((r) => (byId.get(r.id) ?? []).length === 0);
  const files = new Set(tests.map((t) => t.file));
  const percent = requirements.length ? Math.round((covered.length / requirements.length) * 100) : 0;

  const out: string[] = [];
  out.push('# Requirement traceability matrix', '');
  out.push(
    `Generated by \`npm run traceability\` (scripts/traceability.ts) from ${sourceName} §7 and the \`[Rn]\` tags in ` +
      'describe/it titles of the test files. Do not edit by hand; tag tests and regenerate.',
    '',
  );
  out.push(`- Requirements: **${requirements.length}**`);
  out.push(`- Covered by at least one tagged test: **${covered.length}** (${percent} %)`);
  out.push(`- Not yet covered: **${uncovered.length}**`);
  out.push(`- Tagged tests: **${tests.length}** in **${files.size}** files`, '');

  let section: string | null = null;
  for (const requirement of requirements) {
    if (requirement.section !== section) {
      section = requirement.section;
      out.push(`## ${section || 'Requirements'}`, '', '| ID | Requirement | Source | St | Tests |', '|---|---|---|---|---|');
    }
    const covering = byId.get(requirement.id) ?? [];
    const testsCell = covering.length
      ? covering.map((t) => `\`${t.file}:${t.line}\` ${cell(t.title)}`).join('<br>')
      : '**not covered**';
    out.push(`| ${requirement.id} | ${cell(requirement.text)} | ${cell(requirement.source)} | ${cell(requirement.status)} | ${testsCell} |`);
    const next = requirements[requirements.indexOf(requirement) + 1];
    if (!next || next.section !== section) out.push('');
  }

  out.push(`## Not yet covered (${uncovered.length} of ${requirements.length})`, '');
  if (uncovered.length === 0) out.push('None.');
  for (const requirement of uncovered) out.push(`- **${requirement.id}** ${requirement.text}`);
  out.push('');

  if (unknown.length > 0) {
    out.push(`## Tags that match no requirement (${unknown.length})`, '');
    for (const test of unknown) {
      const bad = test.tags.filter((tag) => !byId.has(tag)).join(', ');
      out.push(`- ${bad}: \`${test.file}:${test.line}\` ${test.title}`);
    }
    out.push('');
  }
  return out.join('\n');
}

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const requirementsFile = path.resolve(repoRoot, '../shared/reference/china-it-standards.md');

function main(): void {
  if (!fs.existsSync(requirementsFile)) {
    console.error(`traceability: requirement list not found at ${requirementsFile}`);
    process.exit(1);
  }
  const requirements = parseRequirements(fs.readFileSync(requirementsFile, 'utf8'));
  const tests = collectTestFiles(repoRoot).flatMap((file) =>
    findTaggedTests(fs.readFileSync(path.join(repoRoot, file), 'utf8'), file),
  );
  const markdown = renderMatrix(requirements, tests, '../shared/reference/china-it-standards.md');
  const target = path.join(repoRoot, 'docs', 'traceability.md');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, markdown);
  const covered = requirements.filter((r) => tests.some((t) => t.tags.includes(r.id))).length;
  console.log(
    `traceability: ${covered} of ${requirements.length} requirements covered by ${tests.length} tagged tests; wrote ${path.relative(repoRoot, target)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
