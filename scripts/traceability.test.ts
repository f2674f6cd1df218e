// traceability: ignore-file (the sample sources below carry requirement tags that are not real coverage)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import {
  extractTags,
  findTaggedTests,
  parseRequirements,
  renderMatrix,
  requirementsFile,
  splitTableRow,
} from './traceability.ts';

const SAMPLE = `# Standards

## 6. Reporting

| R99 | not in section 7, must be ignored | x | V |

## 7. Consolidated requirements (for the traceability matrix)

### A. General, system and security
| ID | Requirement | Source | St |
|---|---|---|---|
| R1 | Give each donation one unique 献血码 | 811 §4.2 🟡; label draft §献血码 | R / V(draft) |
| R2 | Scan-and-match with a literal \\| pipe | 811 §4.2 🟡 | R |

### H. Codes and labels (blood identifier and label draft, 2017)
| ID | Requirement | Source | St |
|---|---|---|---|
| R48 | Check character: ISO 7064 MOD 37-2 over the first 13 data characters | Draft Table 1; GB/T 17710 | V(draft) |

---

## Sources
| R100 | after section 7, must be ignored | y | V |
`;

describe('traceability parser', () => {
  it('splits table rows, honouring escaped pipes', () => {
    assert.deepEqual(splitTableRow('| R2 | a \\| b | src | R |'), ['R2', 'a | b', 'src', 'R']);
    assert.deepEqual(splitTableRow('| a | b'), ['a', 'b']);
    assert.equal(splitTableRow('not a row'), null);
  });

  it('parses only the rows of section 7, with their section heading', () => {
    const requirements = parseRequirements(SAMPLE);
    assert.deepEqual(
      requirements.map((r) => r.id),
      ['R1', 'R2', 'R48'],
    );
    assert.deepEqual(requirements[0], {
      id: 'R1',
      number: 1,
      text: 'Give each donation one unique 献血码',
      source: '811 §4.2 🟡; label draft §献血码',
      status: 'R / V(draft)',
      section: 'A. General, system and security',
    });
    assert.equal(requirements[1].text, 'Scan-and-match with a literal | pipe');
    assert.equal(requirements[2].section, 'H. Codes and labels (blood identifier and label draft, 2017)');
  });

  it('rejects duplicates and documents without requirements', () => {
    assert.throws(() => parseRequirements('## 7. X\n| R1 | a |\n| R1 | b |\n'), /duplicate requirement R1/);
    assert.throws(() => parseRequirements('## 7. X\n| ID | Requirement |\n'), /no requirement rows/);
  });

  it('extracts tags in order, without duplicates, in the accepted spellings', () => {
    assert.deepEqual(extractTags('[R48] check character'), ['R48']);
    assert.deepEqual(extractTags('[R1][R17] registration [R1]'), ['R1', 'R17']);
    assert.deepEqual(extractTags('issue [R40, R59] and [ R8 ]'), ['R40', 'R59', 'R8']);
    assert.deepEqual(extractTags('[R07] leading zero'), ['R7']);
    assert.deepEqual(extractTags('R48 without brackets, [r48] lower case, [R] no number, [Rx]'), []);
  });

  it('finds tagged describe/it/test titles with their line, ignoring untagged ones and plain strings', () => {
    const source = [
      "import { describe, it } from 'node:test';",
      "describe('[R47][R48] 献血码', () => {",
      "  it('accepts a valid code', () => {});",
      '  it.skip("[R48] rejects a wrong check character", () => {});',
      '  test(',
      '    `[R8] trace (${kind})`,',
      '    async () => {},',
      '  );',
      "  const note = '[R9] not a test title';",
      "  it('[R1] it\\'s escaped', () => {});",
      '});',
    ].join('\n');
    const tests = findTaggedTests(source, 'packages/domain/src/code.test.ts');
    assert.deepEqual(
      tests.map((t) => [t.line, t.kind, t.title, t.tags]),
      [
        [2, 'describe', '[R47][R48] 献血码', ['R47', 'R48']],
        [4, 'it', '[R48] rejects a wrong check character', ['R48']],
        [5, 'test', '[R8] trace (${kind})', ['R8']],
        [10, 'it', "[R1] it's escaped", ['R1']],
      ],
    );
  });

  it('skips a file that carries the ignore marker', () => {
    assert.deepEqual(findTaggedTests("// traceability: ignore-file\nit('[R1] sample', () => {});", 'x.test.ts'), []);
  });

  it('renders covered and uncovered requirements with counts and flags unknown tags', () => {
    const requirements = parseRequirements(SAMPLE);
    const tests = findTaggedTests("it('[R48][R77] check | char', () => {});", 'a.test.ts');
    const markdown = renderMatrix(requirements, tests, 'sample.md');
    assert.match(markdown, /Covered by at least one tagged test: \*\*1\*\* \(33 %\)/);
    assert.match(markdown, /\| R48 \| Check character: .* \| `a\.test\.ts:1` \[R48\]\[R77\] check \\\| char \|/);
    assert.match(markdown, /\| R1 \| .* \| \*\*not covered\*\* \|/);
    assert.match(markdown, /## Not yet covered \(2 of 3\)\n\n- \*\*R1\*\* .*\n- \*\*R2\*\* /);
    assert.match(markdown, /## Tags that match no requirement \(1\)\n\n- R77: `a\.test\.ts:1`/);
    assert.match(markdown, /## H\. Codes and labels/);
  });

  it('parses R1–R72 from the real standards document', { skip: fs.existsSync(requirementsFile) ? false : `${requirementsFile} not present` }, () => {
    const requirements = parseRequirements(fs.readFileSync(requirementsFile, 'utf8'));
    assert.equal(requirements.length, 72);
    assert.deepEqual(
      requirements.map((r) => r.number),
      Array.from({ length: 72 }, (_, i) => i + 1),
    );
    assert.ok(requirements.every((r) => r.text.length > 10 && r.section.length > 0));
  });
});
